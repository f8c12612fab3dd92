"""The one activity log: every service that acts for somebody records it, downloads of sensitive files are
recorded, the log cannot be edited, provider admins read only their own provider's entries, and erasure
empties the detail about the erased person."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services as assessment
from assessment.models import Appeal, Extension, Submission
from cohorts import services as cohorts
from cohorts.models import ActivityEntry, Membership
from curriculum import services as curriculum_services
from enrolment import services as enrolment
from enrolment.models import Declaration, Enrolment
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_upload
from portfolio import services as portfolio
from portfolio.models import Outcome
from privacy import services as privacy
from reminders import messages
from reminders import services as reminders
from tests import factories
from tests.api.activity_cases import API_CALLS
from tests.schools.activity_cases import SCHOOL_CALLS

pytestmark = pytest.mark.django_db
APPS = [
    "cohorts",
    "enrolment",
    "curriculum",
    "portfolio",
    "schools",
    "assessment",
    "reminders",
    "privacy",
    "api",
    "sso",
]
# Services that live in a module of their own rather than the app's ``services``.
OTHER_SERVICE_MODULES = ["reminders.messages"]
# Services that take ``by`` but have nothing of their own to log, and why.
EXEMPT = {
    "enrolment.services.events.event_record": "the helper that writes the log for enrolment services",
    "cohorts.services.activity.activity_record": "the log itself",
    "cohorts.services.activity.download_record": "the log itself",
    "assessment.services.activity.work_record": "assessment's way of writing the log",
    "assessment.services.activity.cohort_work_record": "assessment's way of writing the log",
}


def _services_taking_by() -> set[str]:
    """Every function in every app's services that takes ``by``."""
    found = set()
    for app in APPS:
        package = importlib.import_module(f"{app}.services")
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{app}.services.{m.name}") for m in pkgutil.iter_modules(package.__path__)
            ]
        modules += [importlib.import_module(name) for name in OTHER_SERVICE_MODULES if name.startswith(app)]
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                public = function.__module__ == module.__name__ and not name.startswith("_")
                if public and "by" in inspect.signature(function).parameters:
                    found.add(f"{module.__name__}.{name}")
    return found


def make_component(cast):
    component = assessment.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    assessment.due_date_set(component=component, cohort=cast.cohort_a1, due_on=dt.date(2024, 1, 15), by=None)
    return component


@pytest.fixture
def component(cast):
    return make_component(cast)


def _work(cast, component, *, marked=False):
    with time_machine.travel(dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC)):
        submission = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    if marked:
        marks = {c.pk: 65 for c in component.criteria.all()}
        assessment.mark_save(
            submission=submission,
            by=cast.tutor_a1,
            criterion_marks=marks,
            feedback="Good.",
            expected_version=submission.version,
        )
        submission.refresh_from_db()
    return submission


def _evidence(cast):
    enrolment = cast.participant_a1.enrolments.get()
    evidence = factories.EvidenceFactory(portfolio=enrolment.portfolio)
    outcome = Outcome.objects.filter(framework=enrolment.portfolio.framework).first()
    return evidence, outcome


def _released(cast, component):
    _work(cast, component, marked=True)
    assessment.sample_draw(cohort=cast.cohort_a1, component=component, by=None)
    for piece in Submission.objects.filter(in_sample=True):
        assessment.moderation_mark_save(submission=piece, by=cast.admin_a, mark=piece.raw_mark)
    return assessment.release(cohort=cast.cohort_a1, component=component, by=cast.admin_a)


def _application(cast):
    participant = factories.ProfileFactory().user
    _open(cast.cohort_a1)
    enrolment.application_save(
        participant=participant, cohort=cast.cohort_a1, headteacher_name="Ms Head", headteacher_email="h@school.test"
    )
    return Enrolment.objects.get(participant=participant)


def _uploaded_declaration(cast):
    place = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=Enrolment.Status.AWAITING_DECLARATION)
    declaration = enrolment.declaration_issue(enrolment=place, by=None)
    upload = SimpleUploadedFile("signed.pdf", SMALL_PDF)
    enrolment.declaration_upload(
        declaration=declaration,
        upload=upload,
        checked=check_upload(upload, max_bytes=10_000_000),
        signed_by="Ms Head",
        dbs_confirmed=True,
    )
    return Declaration.objects.get(pk=declaration.pk)


def _withdrawn(cast):
    place = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=Enrolment.Status.WITHDRAWN)
    return place.participant


def _case_study(cast):
    return assessment.component_create(programme=cast.cohort_a1.programme, title="Case study", kind="case_study")


def _released_fail(cast):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    submission = Submission(
        enrolment=cast.participant_a1.enrolments.get(), component=_case_study(cast), file_name="c.pdf",
        content_type="application/pdf", marker=cast.tutor_a1, status="released", passed=False,
        released_at=timezone.now(),
    )  # fmt: skip
    submission.file.save("c.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    return submission


def _plan(cast):
    framework = curriculum_services.framework_load(provider=cast.provider_a, by=None)
    return curriculum_services.plan_save(programme=cast.cohort_a1.programme, framework=framework,
                                         self_study_minimum_percent=90, gates_assessment=True, by=None)  # fmt: skip


def _unit(cast):
    return curriculum_services.unit_save(plan=_plan(cast), title="Reading", minutes=30, link="", statements=[], by=None)


def _completions_file(cast):
    _unit(cast)
    upload = SimpleUploadedFile("done.csv", f"email,unit\n{cast.participant_a1.email},1\n".encode())
    return curriculum_services.completion_import_preview(cohort=cast.cohort_a1, upload=upload, by=None)


# One call per service that takes ``by``: (who acts, how). Each must leave at least one entry by that person.
CALLS = {
    "assessment.services.sittings.window_save": (
        "admin_a",
        lambda c, by, comp: assessment.window_save(
            cohort=c.cohort_a1,
            component=_case_study(c),
            opens_at=dt.datetime(2027, 3, 5, 9, tzinfo=dt.UTC),
            closes_at=dt.datetime(2027, 3, 13, 17, tzinfo=dt.UTC),
            brief="The brief.",
            by=by,
        ),
    ),
    "assessment.services.sittings.adjustment_decide": (
        "admin_a",
        lambda c, by, comp: assessment.adjustment_decide(
            adjustment=assessment.adjustment_request(
                enrolment=c.participant_a1.enrolments.get(), component=_case_study(c), kind="later", reason="Ill"
            ),
            by=by,
            approve=False,
        ),
    ),
    "assessment.services.sittings.appeal_lodge": (
        "participant",
        lambda c, by, comp: assessment.appeal_lodge(submission=_released_fail(c), grounds="Unfair.", by=by),
    ),
    "assessment.services.sittings.appeal_decide": (
        "admin_a",
        lambda c, by, comp: assessment.appeal_decide(
            appeal=Appeal.objects.create(submission=_released_fail(c), grounds="Unfair."),
            by=by,
            uphold=False,
            decision="The marking stands.",
        ),
    ),
    "cohorts.services.setup.delivery_partner_create": (
        "admin_a",
        lambda c, by, comp: cohorts.delivery_partner_create(lead=c.provider_a, name="A Hub", by=by),
    ),
    "cohorts.services.setup.delivery_partner_join": (
        "admin_a",
        lambda c, by, comp: cohorts.delivery_partner_join(
            partner=factories.ProviderFactory(name="Joining"), lead=c.provider_a, by=by
        ),
    ),
    "curriculum.services.frameworks.area_add": (
        "admin_a",
        lambda c, by, comp: curriculum_services.area_add(
            framework=curriculum_services.framework_load(provider=c.provider_a, by=None), title="Our own area", by=by
        ),
    ),
    "curriculum.services.frameworks.framework_load": (
        "admin_a",
        lambda c, by, comp: curriculum_services.framework_load(provider=c.provider_a, by=by),
    ),
    "curriculum.services.frameworks.framework_new_version": (
        "admin_a",
        lambda c, by, comp: curriculum_services.framework_new_version(framework=_plan(c).framework, by=by),
    ),
    "curriculum.services.frameworks.statement_save": (
        "admin_a",
        lambda c, by, comp: curriculum_services.statement_save(
            framework=(f := curriculum_services.framework_load(provider=c.provider_a, by=None)),
            area=f.areas.first(),
            kind="that",
            text="A new statement.",
            by=by,
        ),
    ),
    "curriculum.services.plans.plan_save": (
        "admin_a",
        lambda c, by, comp: curriculum_services.plan_save(
            programme=c.cohort_a1.programme,
            framework=curriculum_services.framework_load(provider=c.provider_a, by=None),
            self_study_minimum_percent=90,
            gates_assessment=True,
            by=by,
        ),
    ),
    "curriculum.services.plans.session_save": (
        "admin_a",
        lambda c, by, comp: curriculum_services.session_save(plan=_plan(c), number=1, statements=[], by=by),
    ),
    "curriculum.services.plans.unit_save": (
        "admin_a",
        lambda c, by, comp: curriculum_services.unit_save(
            plan=_plan(c), title="U", minutes=5, link="", statements=[], by=by
        ),
    ),
    "curriculum.services.completions.completion_mark": (
        "participant",
        lambda c, by, comp: curriculum_services.completion_mark(unit=_unit(c), participant=by, done=True, by=by),
    ),
    "curriculum.services.completions.completion_import_preview": (
        "admin_a",
        lambda c, by, comp: (
            _unit(c),
            curriculum_services.completion_import_preview(
                cohort=c.cohort_a1,
                upload=SimpleUploadedFile("d.csv", f"email,unit\n{c.participant_a1.email},1\n".encode()),
                by=by,
            ),
        ),
    ),
    "curriculum.services.completions.completion_import_apply": (
        "admin_a",
        lambda c, by, comp: curriculum_services.completion_import_apply(batch=_completions_file(c), by=by),
    ),
    "assessment.services.awards.award_confirm": (
        "admin_a",
        lambda c, by, comp: assessment.award_confirm(enrolment=_awardable(c, comp), by=by),
    ),
    "assessment.services.marking.allocate": (
        "admin_a",
        lambda c, by, comp: assessment.allocate(submission=_work(c, comp), marker=c.tutor_a1, by=by),
    ),
    "assessment.services.marking.allocate_balanced": (
        "admin_a",
        lambda c, by, comp: (
            _work(c, comp),
            assessment.allocate_balanced(cohort=c.cohort_a1, markers=[c.tutor_a1], by=by),
        ),
    ),
    "assessment.services.marking.mark_save": ("tutor_a1", lambda c, by, comp: _mark(c, comp, by)),
    "assessment.services.marking.mark_draft_save": (
        "tutor_a1",
        lambda c, by, comp: assessment.mark_draft_save(
            submission=(work := _work(c, comp)),
            by=by,
            criterion_marks={},
            feedback="Half-way.",
            expected_version=work.version,
        ),
    ),
    "assessment.services.marking.release": ("admin_a", lambda c, by, comp: _release(c, comp, by)),
    "assessment.services.moderation.sample_draw": (
        "admin_a",
        lambda c, by, comp: (
            _work(c, comp, marked=True),
            assessment.sample_draw(cohort=c.cohort_a1, component=comp, by=by),
        ),
    ),
    "assessment.services.moderation.moderation_mark_save": ("admin_a", lambda c, by, comp: _moderate(c, comp, by)),
    "assessment.services.schemes.due_date_set": (
        "admin_a",
        lambda c, by, comp: assessment.due_date_set(
            component=comp, cohort=c.cohort_a1, due_on=dt.date(2024, 2, 1), by=by
        ),
    ),
    "assessment.services.submissions.extension_decide": (
        "admin_a",
        lambda c, by, comp: assessment.extension_decide(
            extension=Extension.objects.create(
                enrolment=c.participant_a1.enrolments.get(), component=comp, until=dt.date(2024, 2, 1), reason="Ill"
            ),
            by=by,
            approve=True,
        ),
    ),
    "cohorts.services.attendance.attendance_record": (
        "tutor_a1",
        lambda c, by, comp: cohorts.attendance_record(
            day=c.cohort_a1.days.get(number=1), marks={c.participant_a1.pk: "present"}, by=by
        ),
    ),
    "cohorts.services.attendance.catch_up_book": ("admin_a", lambda c, by, comp: _catch_up(c, by)),
    "cohorts.services.attendance.catch_up_cancel": (
        "admin_a",
        lambda c, by, comp: cohorts.catch_up_cancel(booking=_catch_up(c, None), by=by),
    ),
    "cohorts.services.timetable.cohort_save": (
        "admin_a",
        lambda c, by, comp: cohorts.cohort_save(
            cohort=c.cohort_a1,
            fields={"capacity": 30},
            tutors=[c.tutor_a1],
            rows=factories.timetable_rows(c.cohort_a1, move_day=2),
            by=by,
            expected_version=c.cohort_a1.version,
        ),
    ),
    "cohorts.services.setup.cohort_status_set": (
        "admin_a",
        lambda c, by, comp: cohorts.cohort_status_set(
            cohort=c.cohort_a1,
            status=next(to for (start, to) in cohorts.STATUS_STEPS if start == c.cohort_a1.status),
            by=by,
        ),
    ),
    "cohorts.services.timetable.cohort_duplicate": (
        "admin_a",
        lambda c, by, comp: cohorts.cohort_duplicate(cohort=c.cohort_a1, by=by),
    ),
    "cohorts.services.setup.membership_grant": (
        "admin_a",
        lambda c, by, comp: cohorts.membership_grant(
            provider=c.provider_a, user=factories.UserFactory(), role=Membership.Role.TUTOR, by=by
        ),
    ),
    "cohorts.services.staff.invitation_send": (
        "admin_a",
        lambda c, by, comp: cohorts.invitation_send(
            provider=c.provider_a, email="new@school.example", role="tutor", by=by
        ),
    ),
    "cohorts.services.staff.invitation_resend": (
        "admin_a",
        lambda c, by, comp: cohorts.invitation_resend(invitation=_invitation(c), by=by),
    ),
    "cohorts.services.staff.invitation_cancel": (
        "admin_a",
        lambda c, by, comp: cohorts.invitation_cancel(invitation=_invitation(c), by=by),
    ),
    "cohorts.services.staff.membership_change": (
        "admin_a",
        lambda c, by, comp: cohorts.membership_change(membership=c.tutor_a1.memberships.get(), role="admin", by=by),
    ),
    "cohorts.services.staff.membership_revoke": (
        "admin_a",
        lambda c, by, comp: cohorts.membership_revoke(membership=c.tutor_a1.memberships.get(), by=by),
    ),
    "cohorts.services.setup.provider_update": (
        "admin_a",
        lambda c, by, comp: cohorts.provider_update(provider=c.provider_a, reply_to="nasenco@uni.example", by=by),
    ),
    "assessment.services.schemes.component_settings_save": (
        "admin_a",
        lambda c, by, comp: assessment.component_settings_save(
            component=comp,
            fields={**{f: getattr(comp, f) for f in assessment.schemes.SETTINGS}, "pass_mark": 40},
            by=by,
        ),
    ),
    "enrolment.services.declarations.declaration_clauses_save": (
        "admin_a",
        lambda c, by, comp: enrolment.declaration_clauses_save(provider=c.provider_a, text="One clause.", by=by),
    ),
    "enrolment.services.imports.import_preview": (
        "admin_a",
        lambda c, by, comp: enrolment.import_preview(cohort=c.cohort_a1, upload=_list(), by=by),
    ),
    "enrolment.services.imports.import_confirm": (
        "admin_a",
        lambda c, by, comp: enrolment.import_confirm(
            batch=enrolment.import_preview(cohort=c.cohort_a1, upload=_list(), by=None), by=by
        ),
    ),
    "enrolment.services.imports.import_commit": (
        "admin_a",
        lambda c, by, comp: enrolment.import_commit(
            batch_id=_running(enrolment.import_preview(cohort=c.cohort_a1, upload=_list(), by=None)).pk, by=by
        ),
    ),
    "reminders.messages.message_draft_save": ("admin_a", lambda c, by, comp: _draft(c, by)),
    "reminders.messages.message_send": (
        "admin_a",
        lambda c, by, comp: messages.message_send(message=_draft(c, None), by=by, today=dt.date(2026, 1, 5)),
    ),
    "reminders.messages.message_discard": (
        "admin_a",
        lambda c, by, comp: messages.message_discard(message=_draft(c, None), by=by),
    ),
    "assessment.services.mark_imports.mark_import_preview": ("admin_a", lambda c, by, comp: _marks(c, comp, by)),
    "assessment.services.mark_imports.mark_import_apply": (
        "admin_a",
        lambda c, by, comp: assessment.mark_import_apply(batch=_marks(c, comp, None, work=True), by=by),
    ),
    "assessment.services.examiners.examiner_report_file": (
        "admin_a",
        lambda c, by, comp: assessment.examiner_report_file(cohort=c.cohort_a1, by=by, text="Sound marking."),
    ),
    "assessment.services.examiners.examiner_report_answer": (
        "admin_a",
        lambda c, by, comp: assessment.examiner_report_answer(
            report=assessment.examiner_report_file(cohort=c.cohort_a1, by=c.examiner_a1, text="Sound."),
            by=by,
            response="Thank you.",
        ),
    ),
    "cohorts.services.setup.provider_logo_save": ("admin_a", lambda c, by, comp: _logo(c, by)),
    "cohorts.services.setup.venue_create": (
        "admin_a",
        lambda c, by, comp: cohorts.venue_create(provider=c.provider_a, name="Town Hall", by=by),
    ),
    "cohorts.services.setup.venue_update": (
        "admin_a",
        lambda c, by, comp: cohorts.venue_update(
            venue=factories.VenueFactory(provider=c.provider_a), postcode="IP4 1AB", by=by
        ),
    ),
    "cohorts.services.setup.programme_create": (
        "admin_a",
        lambda c, by, comp: cohorts.programme_create(provider=c.provider_a, title="NPQ for SENCOs", by=by),
    ),
    "cohorts.services.setup.programme_update": (
        "admin_a",
        lambda c, by, comp: cohorts.programme_update(
            programme=c.cohort_a1.programme, minimum_attendance_percent=90, by=by
        ),
    ),
    "enrolment.services.placing.enrolment_place": (
        "admin_a",
        lambda c, by, comp: enrolment.enrolment_place(cohort=c.cohort_a1, participant=factories.UserFactory(), by=by),
    ),
    "enrolment.services.applications.application_submit": ("participant", lambda c, by, comp: _submit(c, by)),
    "enrolment.services.declarations.declaration_issue": (
        "admin_a",
        lambda c, by, comp: enrolment.declaration_issue(enrolment=_submitted(c), by=by),
    ),
    "enrolment.services.declarations.declaration_verify": (
        "admin_a",
        lambda c, by, comp: enrolment.declaration_verify(declaration=_uploaded_declaration(c), by=by),
    ),
    "enrolment.services.declarations.declaration_reject": (
        "admin_a",
        lambda c, by, comp: enrolment.declaration_reject(
            declaration=_uploaded_declaration(c), by=by, reason="Unsigned"
        ),
    ),
    "enrolment.services.transitions.enrolment_transition": (
        "admin_a",
        lambda c, by, comp: enrolment.enrolment_transition(
            enrolment=c.participant_a1.enrolments.get(), to=Enrolment.Status.DEFERRED, by=by, reason="Maternity leave"
        ),
    ),
    "enrolment.services.transitions.enrolment_transfer": (
        "admin_a",
        lambda c, by, comp: enrolment.enrolment_transfer(
            enrolment=c.participant_a1.enrolments.get(), to_cohort=_open(c.cohort_a2), by=by
        ),
    ),
    "portfolio.services.mapping_add": ("participant", lambda c, by, comp: _map(c, by)),
    "portfolio.services.mapping_review": (
        "tutor_a1",
        lambda c, by, comp: portfolio.mapping_review(
            mapping=_map(c, c.participant_a1), status="accepted", comment="", by=by
        ),
    ),
    "portfolio.services.portfolio_return": (
        "tutor_a1",
        lambda c, by, comp: portfolio.portfolio_return(portfolio=_submitted_portfolio(c), by=by),
    ),
    "privacy.services.participant_erase": (
        "admin_a",
        lambda c, by, comp: privacy.participant_erase(user=_withdrawn(c), by=by, today=dt.date(2026, 1, 5)),
    ),
    "reminders.services.template_save": (
        "admin_a",
        lambda c, by, comp: reminders.template_save(
            provider=c.provider_a,
            rule="declaration_chase",
            subject="Reminder: {participant}",
            body="Please return it.",
            by=by,
        ),
    ),
    "reminders.services.template_reset": ("admin_a", lambda c, by, comp: _reset(c, by)),
}


def _marks(cast, component, by, work=False):
    if work:
        _work(cast, component)
    upload = SimpleUploadedFile("marks.csv", f"email,mark\n{cast.participant_a1.email},60\n".encode())
    return assessment.mark_import_preview(cohort=cast.cohort_a1, component=component, upload=upload, by=by)


def _logo(cast, by):
    from nasenco.files.uploads import JPEG, PNG
    from tests.portfolio.test_uploads import png

    upload = SimpleUploadedFile("logo.png", png(4, 4))
    checked = check_upload(upload, allowed=(PNG, JPEG), max_bytes=1_000_000)
    return cohorts.provider_logo_save(provider=cast.provider_a, upload=upload, checked=checked, by=by)


def _draft(cast, by):
    return messages.message_draft_save(cohort=cast.cohort_a1, by=by, audience="everyone", subject="Hello", body="Hi")


def _list():
    return SimpleUploadedFile("list.csv", b"Name,Email\nAnn Lee,ann.lee@school.example\n")


def _running(batch):
    type(batch).objects.filter(pk=batch.pk).update(status="running")
    return batch


def _invitation(cast):
    return cohorts.invitation_send(provider=cast.provider_a, email="new@school.example", role="tutor", by=None)


def _mark(cast, component, by):
    marks = {c.pk: 65 for c in component.criteria.all()}
    submission = _work(cast, component)
    return assessment.mark_save(
        submission=submission, by=by, criterion_marks=marks, feedback="Good.", expected_version=submission.version
    )


def _release(cast, component, by):
    _work(cast, component, marked=True)
    assessment.sample_draw(cohort=cast.cohort_a1, component=component, by=None)
    for piece in Submission.objects.filter(in_sample=True):
        assessment.moderation_mark_save(submission=piece, by=cast.admin_a, mark=piece.raw_mark)
    return assessment.release(cohort=cast.cohort_a1, component=component, by=by)


def _moderate(cast, component, by):
    _work(cast, component, marked=True)
    assessment.sample_draw(cohort=cast.cohort_a1, component=component, by=None)
    piece = Submission.objects.get(in_sample=True)
    return assessment.moderation_mark_save(submission=piece, by=by, mark=piece.raw_mark)


def _awardable(cast, component):
    """Passed, every outcome evidenced, every day attended, declared (the real services)."""
    _released(cast, component)
    place = cast.participant_a1.enrolments.get()
    factories.DeclarationFactory(enrolment=place, status="verified")
    evidence, _ = _evidence(cast)
    for outcome in Outcome.objects.filter(framework=evidence.portfolio.framework):
        mapping = portfolio.mapping_add(evidence=evidence, outcome=outcome, justification="x", by=None)
        portfolio.mapping_review(mapping=mapping, status="accepted", comment="", by=None)
    for day in cast.cohort_a1.days.filter(number__gt=0):
        cohorts.attendance_record(day=day, marks={cast.participant_a1.pk: "present"}, by=None)
    return place


def _catch_up(cast, by):
    return cohorts.catch_up_book(
        participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=cast.cohort_a2.days.get(number=1), by=by
    )


def _submit(cast, by):
    place = _application(cast)
    return enrolment.application_submit(enrolment=place, by=place.participant)


def _submitted(cast):
    return _submit(cast, None)


def _open(cohort):
    cohort.status = cohort.Status.OPEN
    cohort.save(update_fields=["status"])
    return cohort


def _map(cast, by):
    evidence, outcome = _evidence(cast)
    return portfolio.mapping_add(evidence=evidence, outcome=outcome, justification="It shows B2.", by=by)


def _submitted_portfolio(cast):
    folio = cast.participant_a1.enrolments.get().portfolio
    portfolio.portfolio_submit(portfolio=folio)
    return folio


def _reset(cast, by):
    reminders.template_save(
        provider=cast.provider_a, rule="declaration_chase", subject="Reminder: {participant}", body="Please.", by=None
    )
    reminders.template_reset(provider=cast.provider_a, rule="declaration_chase", by=by)


CALLS.update(SCHOOL_CALLS)
CALLS.update(API_CALLS)


def test_every_service_that_takes_by_has_a_case_here():
    found = _services_taking_by()
    missing = found - set(CALLS) - set(EXEMPT)
    assert not missing, f"Services taking `by` with no activity-log case in this file: {sorted(missing)}"
    assert not set(CALLS) - found, "cases for services that no longer take `by`"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_service_that_takes_by_writes_an_entry_naming_who(cast, component, name):
    role, call = CALLS[name]
    actor = cast.participant_a1 if role == "participant" else getattr(cast, role)
    before = set(ActivityEntry.objects.values_list("pk", flat=True))
    by = actor
    if name == "enrolment.services.applications.application_submit":
        result = call(cast, by, component)
        by = result.participant
    else:
        call(cast, by, component)
    new = ActivityEntry.objects.exclude(pk__in=before)
    assert new.filter(by=by, provider=cast.provider_a).exists(), f"{name} wrote no entry by {by}: {list(new)}"
    for entry in new:
        assert entry.summary and entry.by_name and entry.at, entry
