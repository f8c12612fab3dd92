"""The objects the access matrix's rows are asked about, built from the cast (tests/conftest.py): each
returns the URL's kwargs."""

from nasenco.files.services import stored_file_claim, stored_file_complete, stored_file_request


def _file_owned_by_admin_a(cast, *, ready):
    stored = stored_file_request(by=cast.admin_a, kind="test", name="report.pdf")
    if ready:
        stored_file_claim(stored_file_id=stored.pk)
        stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 test", content_type="application/pdf")
    return {"pk": stored.pk}


def _day_of_a1(cast):
    return {"pk": cast.cohort_a1.pk, "day_pk": cast.cohort_a1.days.get(number=1).pk}


def _catch_up_of_a1(cast):
    from cohorts.services import catch_up_book

    booking = catch_up_book(
        participant=cast.participant_a1,
        home_cohort=cast.cohort_a1,
        day=cast.cohort_a2.days.get(number=1),
        by=cast.admin_a,
    )
    return {"pk": cast.cohort_a1.pk, "booking_pk": booking.pk}


def _feed_of_participant_a1(cast):
    from cohorts.services import calendar_feed_for

    return {"token": calendar_feed_for(cast.participant_a1).token}


def _import_of_a1(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from enrolment.services import import_preview

    upload = SimpleUploadedFile("list.csv", b"Name,Email\nAnn Lee,ann.lee@school.example\n")
    return {"pk": import_preview(cohort=cast.cohort_a1, upload=upload, by=cast.admin_a).pk}


def _message_to_a1(cast):
    from reminders.messages import message_draft_save

    draft = message_draft_save(cohort=cast.cohort_a1, by=cast.admin_a, audience="everyone", subject="Hi", body="Hi")
    return {"pk": draft.pk}


def _sent_message_with_attachment_to_a1(cast):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from nasenco.files.samples import SMALL_PDF
    from nasenco.files.uploads import check_evidence_upload
    from reminders.messages import message_draft_save, message_send

    upload = SimpleUploadedFile("notes.pdf", SMALL_PDF)
    draft = message_draft_save(
        cohort=cast.cohort_a1,
        by=cast.admin_a,
        audience="everyone",
        subject="Hi",
        body="Hi",
        attachment=(upload, check_evidence_upload(upload, max_bytes=10_000_000)),
    )
    message_send(message=draft, by=cast.admin_a, today=dt.date(2026, 1, 5))
    return {"pk": draft.pk}


def _mark_import_of_a1(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment.services import mark_import_preview

    upload = SimpleUploadedFile("marks.csv", f"email,mark\n{cast.participant_a1.email},60\n".encode())
    batch = mark_import_preview(cohort=cast.cohort_a1, component=_component_of_a(cast), upload=upload, by=cast.admin_a)
    return {"pk": batch.pk}


def _sampled_work_of_a1(cast):
    from assessment.models import Submission

    submission = Submission.objects.get(pk=_submission_of_a1(cast)["pk"])
    Submission.objects.filter(pk=submission.pk).update(in_sample=True)
    return {"pk": submission.pk}


def _examiner_report_on_a1(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment.services import examiner_report_file
    from nasenco.files.samples import SMALL_PDF
    from nasenco.files.uploads import check_evidence_upload

    upload = SimpleUploadedFile("report.pdf", SMALL_PDF)
    attachment = (upload, check_evidence_upload(upload, max_bytes=10_000_000))
    report = examiner_report_file(cohort=cast.cohort_a1, by=cast.examiner_a1, text="Sound.", attachment=attachment)
    return {"pk": report.pk}


def _logo_of_a(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cohorts.services import provider_logo_save
    from nasenco.files.uploads import JPEG, PNG, check_upload
    from tests.portfolio.test_uploads import png

    upload = SimpleUploadedFile("logo.png", png(4, 4))
    checked = check_upload(upload, allowed=(PNG, JPEG), max_bytes=1_000_000)
    provider_logo_save(provider=cast.provider_a, upload=upload, checked=checked, by=cast.admin_a)
    return {"pk": cast.provider_a.pk}


def _invitation_of_a(cast):
    from cohorts.services import invitation_send

    return {"pk": invitation_send(provider=cast.provider_a, email="new@school.example", role="tutor", by=None).pk}


def _join_link_of_a(cast):
    from cohorts.services import invitation_send
    from cohorts.services.staff import invitation_token

    invitation = invitation_send(provider=cast.provider_a, email="new@school.example", role="tutor", by=None)
    return {"token": invitation_token(invitation)}


def _tutor_membership_of_a(cast):
    return {"pk": cast.tutor_a1.memberships.get().pk}


def _venue_of_a(cast):
    from tests.factories import VenueFactory

    return {"pk": VenueFactory(provider=cast.provider_a).pk}


def _enrolment_of_a1(cast):
    return {"pk": cast.participant_a1.enrolments.get().pk}


def _scan_of_a1(cast):
    from django.core.files.base import ContentFile

    from tests.factories import DeclarationFactory

    declaration = DeclarationFactory(enrolment=cast.participant_a1.enrolments.get(), status="uploaded")
    declaration.scan.save("scan.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    return {"pk": declaration.enrolment_id}


def _declaration_link_of_a1(cast):
    from enrolment.services.declarations import token_for
    from tests.factories import DeclarationFactory

    enrolment = cast.participant_a1.enrolments.get()
    enrolment.headteacher_name, enrolment.headteacher_email = "Ms Head", "head@school.example"
    enrolment.save()
    return {"token": token_for(DeclarationFactory(enrolment=enrolment, status="sent"))}


def _evidence_of_a1(cast, *, file=False, mapping=False):
    from django.core.files.base import ContentFile

    from portfolio.models import EvidenceFile, Mapping, Outcome
    from portfolio.services import portfolio_for
    from tests.factories import EvidenceFactory

    evidence = EvidenceFactory(portfolio=portfolio_for(cast.participant_a1.enrolments.get()))
    kwargs = {"pk": evidence.pk}
    if file:
        stored = EvidenceFile(evidence=evidence, name="policy.pdf", content_type="application/pdf", size=14)
        stored.file.save("policy.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
        kwargs["file_pk"] = stored.pk
    if mapping:
        outcome = Outcome.objects.get(framework=evidence.portfolio.framework, code="B3")
        return {"pk": Mapping.objects.create(evidence=evidence, outcome=outcome, justification="x").pk}
    return kwargs


def _portfolio_of_a1(cast):
    from portfolio.services import portfolio_for

    return {"pk": portfolio_for(cast.participant_a1.enrolments.get()).pk}


def _component_of_a(cast):
    from assessment.services import component_create

    return component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30)


def _submission_of_a1(cast):
    from django.core.files.base import ContentFile

    from assessment.models import Submission

    submission = Submission(
        enrolment=cast.participant_a1.enrolments.get(),
        component=_component_of_a(cast),
        file_name="work.pdf",
        content_type="application/pdf",
        marker=cast.tutor_a1,
    )
    submission.file.save("work.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    return {"pk": submission.pk}


def _feedback_of_a1(cast):
    from django.core.files.base import ContentFile

    from assessment.models import Submission

    kwargs = _submission_of_a1(cast)
    submission = Submission.objects.get(pk=kwargs["pk"])
    submission.feedback_file.save("annotated.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    submission.feedback_file_name = "Annotated - work.pdf"
    submission.save()
    return kwargs  # not released: the participant cannot have it yet


def _extension_of_a1(cast):
    import datetime as dt

    from assessment.models import Extension

    extension = Extension.objects.create(
        enrolment=cast.participant_a1.enrolments.get(),
        component=_component_of_a(cast),
        until=dt.date(2024, 2, 1),
        reason="Ill",
    )
    return {"cohort_pk": cast.cohort_a1.pk, "pk": extension.pk}


def _award_of_a1(cast):
    import datetime as dt

    from assessment.models import Award

    enrolment = cast.participant_a1.enrolments.get()
    award = Award.objects.create(
        enrolment=enrolment, certificate_number="NASENCO-2026-TEST0001", scope="full", completed_on=dt.date(2025, 7, 1)
    )
    return {"pk": award.pk}


def _failed_reminder_of_a(cast):
    import uuid

    from nasenco.mail.models import OutboxEmail
    from reminders.models import Reminder

    email = OutboxEmail.objects.create(to="x@example.org", subject="s", body_text="b", status="failed", key="k")
    Reminder.objects.create(
        key="k",
        rule="due_date",
        milestone="3d",
        provider=cast.provider_a,
        to="x@example.org",
        subject="s",
        body="b",
        email=email,
        run=uuid.uuid4(),
        sweep_date="2027-01-01",
    )
    return {"pk": email.pk}


def _booklet_item_of_a(cast):
    from tests.schools.helpers import make_booklet

    return {"pk": make_booklet(cast.cohort_a1.programme)[0].pk}


def _booklet_entry_of_a1(cast):
    from tests.schools.helpers import make_booklet, record_all

    return {"pk": record_all(cast, make_booklet(cast.cohort_a1.programme))[0].pk}


def _mentorship_of_a1(cast):
    return {"pk": cast.participant_a1.enrolments.get().mentorships.get().pk}


def _mentor_link_for_a2(cast):
    from schools.services import mentor_invite, mentor_token

    place = cast.participant_a2.enrolments.get()
    return {"token": mentor_token(mentor_invite(enrolment=place, email="m@school.example", name="Ann Lee", by=None))}


def _head_link_of_a1(cast):
    from schools.services import head_token
    from tests.schools.helpers import head_of, place_a1

    return {"token": head_token(head_of(place_a1(cast)))}


def _ink_signed_booklet_of_a1(cast):
    from django.core.files.base import ContentFile

    from schools.models import BookletSignoff

    place = cast.participant_a1.enrolments.get()
    signoff = BookletSignoff(
        enrolment=place,
        method="ink",
        signed_name="Ms Head",
        signed_role="Headteacher",
        signed_on="2026-01-05",
        signed_at="2026-01-05T10:00Z",
        head_email="head@school.example",
        ink_file_name="signed.pdf",
    )
    signoff.ink_file.save("signed.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    return {"pk": place.pk}


def _unsubscribe_link_of_a1(cast):
    from reminders.unsubscribe import unsubscribe_url

    return {"token": unsubscribe_url(user_id=cast.participant_a1.pk, rule="teaching_day").rsplit("/", 2)[-2]}


def _provider_a(cast):
    return {"provider_pk": cast.provider_a.pk}


def _dfe_application_of_a(cast):
    """A DfE application held by provider A, with a sent declaration (a place of participant A1)."""
    import uuid

    from django.utils import timezone

    from dfe.models import Application, Declaration

    application = Application.objects.create(
        provider=cast.provider_a,
        dfe_id=uuid.uuid4(),
        participant_id=uuid.uuid4(),
        status=Application.Status.ACCEPTED,
        training_status=Application.Training.ACTIVE,
        full_name=cast.participant_a1.full_name,
        dfe_updated_at=timezone.now(),
        enrolment=cast.participant_a1.enrolments.get(),
        person=cast.participant_a1,
    )
    Declaration.objects.create(
        application=application,
        declaration_type="started",
        declaration_date=timezone.now(),
        state=Declaration.State.ELIGIBLE,
        dfe_id=uuid.uuid4(),
    )
    return {"provider_pk": cast.provider_a.pk, "pk": application.pk}


def _dfe_declaration_of_a(cast):
    from dfe.models import Declaration

    kwargs = _dfe_application_of_a(cast)
    return {"provider_pk": kwargs["provider_pk"], "pk": Declaration.objects.get(application_id=kwargs["pk"]).pk}


def _dfe_place_of_a1(cast):
    from dfe.models import Application

    return {"pk": Application.objects.get(pk=_dfe_application_of_a(cast)["pk"]).enrolment_id}


def _curriculum_of_a(cast):
    """Provider A's copy of DfE's NPQ for SENCOs framework, delivered by cohort A1's programme, with Day 1
    and a self-study unit mapped to its first statement."""
    from types import SimpleNamespace

    from curriculum.services import framework_load, plan_save, session_save, unit_save

    framework = framework_load(provider=cast.provider_a, by=cast.admin_a)
    plan = plan_save(
        programme=cast.cohort_a1.programme,
        framework=framework,
        self_study_minimum_percent=90,
        gates_assessment=True,
        by=cast.admin_a,
    )
    area = framework.areas.get(number=1)
    statement = area.statements.first()
    session_save(plan=plan, number=1, statements=[statement], by=cast.admin_a)
    unit = unit_save(plan=plan, title="Reading", minutes=30, link="", statements=[statement], by=cast.admin_a)
    return SimpleNamespace(framework=framework, plan=plan, area=area, statement=statement, unit=unit)


def _completion_import_of_a1(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from curriculum.services import completion_import_preview

    _curriculum_of_a(cast)
    upload = SimpleUploadedFile("done.csv", f"email,unit\n{cast.participant_a1.email},1\n".encode())
    batch = completion_import_preview(cohort=cast.cohort_a1, upload=upload, by=cast.admin_a)
    return {"cohort_pk": cast.cohort_a1.pk, "pk": batch.pk}


def _case_study_of_a(cast):
    from assessment.services import component_create

    return component_create(programme=cast.cohort_a1.programme, title="Case study", kind="case_study", credits=0)


def _adjustment_of_a1(cast):
    from assessment.models import Adjustment

    adjustment = Adjustment.objects.create(
        enrolment=cast.participant_a1.enrolments.get(), component=_case_study_of_a(cast), kind="later", reason="Ill"
    )
    return {"cohort_pk": cast.cohort_a1.pk, "pk": adjustment.pk}


def _appeal_of_a1(cast):
    """A released fail of participant A1's case study, marked by tutor A1, with an appeal waiting."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from assessment.models import Appeal, Submission

    submission = Submission(
        enrolment=cast.participant_a1.enrolments.get(),
        component=_case_study_of_a(cast),
        file_name="case.pdf",
        content_type="application/pdf",
        marker=cast.tutor_a1,
        status=Submission.Status.RELEASED,
        passed=False,
        released_at=timezone.now(),
    )
    submission.file.save("case.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    appeal = Appeal.objects.create(submission=submission, grounds="Not read fully.")
    return {"cohort_pk": cast.cohort_a1.pk, "pk": appeal.pk, "submission": submission.pk}


def _token_of_a(cast):
    from api.models import Token
    from tests.api.helpers import token

    token(cast.provider_a)
    return {"provider_pk": cast.provider_a.pk, "pk": Token.objects.get(provider=cast.provider_a).pk}


def _endpoint_of_a(cast):
    from api.services import endpoint_create

    endpoint, _ = endpoint_create(
        provider=cast.provider_a, url="http://127.0.0.1:9/", events=["award.confirmed"], by=None
    )
    return {"provider_pk": cast.provider_a.pk, "pk": endpoint.pk}


def _delivery_of_a(cast):
    from django.utils import timezone

    from api.models import Delivery

    endpoint = _endpoint_of_a(cast)
    delivery = Delivery.objects.create(
        endpoint_id=endpoint["pk"],
        event="award.confirmed",
        payload={},
        next_attempt_at=timezone.now(),
        status=Delivery.Status.FAILED,
    )
    return {"provider_pk": cast.provider_a.pk, "pk": delivery.pk}
