"""The performance booklet end to end through the services and pages: recorded by the participant,
confirmed by the mentor, signed off by the head through the signed link, passing the booklet component of
the award decision. Bad input gets a clear message and changes nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from assessment.award import decide_award
from assessment.models import Component
from assessment.selectors import achievements_of
from cohorts.models import ActivityEntry
from nasenco.mail.models import OutboxEmail
from schools import services
from schools.models import BookletEntry, BookletSignoff, MentorNote
from tests import factories

from .helpers import confirm_all, expire, head_of, make_booklet, place_a1, record_all

pytestmark = pytest.mark.django_db


def _booklet_component(cast):
    return Component.objects.create(
        programme=cast.cohort_a1.programme, title="Performance booklet", kind=Component.Kind.BOOKLET
    )


def test_confirming_an_item_twice_is_refused_and_changes_nothing(cast):
    entry = record_all(cast, make_booklet(cast.cohort_a1.programme))[0]
    services.entry_confirm(entry=entry, by=cast.mentor_a1)
    entry.refresh_from_db()
    confirmed_at, entries = entry.confirmed_at, ActivityEntry.objects.count()
    with pytest.raises(ValidationError, match="already confirmed by"):
        services.entry_confirm(entry=entry, by=cast.mentor_a1)
    entry.refresh_from_db()
    assert entry.confirmed_at == confirmed_at and ActivityEntry.objects.count() == entries


def test_asking_for_more_sends_the_item_back_and_the_participant_adds_to_it(cast):
    entry = record_all(cast, make_booklet(cast.cohort_a1.programme))[0]
    services.entry_ask_more(entry=entry, by=cast.mentor_a1, response="Add the meeting minutes.")
    with pytest.raises(ValidationError, match="back with the participant"):
        services.entry_confirm(entry=entry, by=cast.mentor_a1)
    again = services.entry_record(
        enrolment=entry.enrolment, item=entry.item, text="Minutes attached.", by=cast.participant_a1
    )
    assert again.pk == entry.pk and again.status == BookletEntry.Status.WAITING


def test_a_confirmed_item_cannot_be_rewritten(cast):
    entry = record_all(cast, make_booklet(cast.cohort_a1.programme))[0]
    services.entry_confirm(entry=entry, by=cast.mentor_a1)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.entry_record(enrolment=entry.enrolment, item=entry.item, text="Changed", by=cast.participant_a1)
    entry.refresh_from_db()
    assert entry.text == "Did Task 1"


def test_an_incomplete_booklet_cannot_be_signed(cast):
    place = place_a1(cast)
    entries = record_all(cast, make_booklet(cast.cohort_a1.programme, items=3))
    services.entry_confirm(entry=entries[0], by=cast.mentor_a1)
    with pytest.raises(ValidationError, match="2 of 3 items are not confirmed"):
        services.booklet_sign(
            enrolment=place, head_email=place.headteacher_email, name="Ms Head", role="Headteacher", confirmed=True
        )
    assert not BookletSignoff.objects.exists()


def test_the_last_confirmation_emails_the_head_and_signing_passes_the_booklet_component(cast):
    place = place_a1(cast)
    component = _booklet_component(cast)
    confirm_all(cast, record_all(cast, make_booklet(cast.cohort_a1.programme)))
    request = OutboxEmail.objects.get(template="schools/email/signoff_request")
    assert request.to == "head@meadow.example" and "/booklets/" in request.body_text
    before = decide_award(achievements_of(place))
    assert f"{component.title}: booklet not signed off by the headteacher yet." in before.missing
    with pytest.raises(ValidationError):  # no confirmation ticked: nothing signed
        services.booklet_sign(
            enrolment=place, head_email="head@meadow.example", name="Ms Head", role="Head", confirmed=False
        )
    services.booklet_sign(
        enrolment=place,
        head_email="head@meadow.example",
        name="Ms Head",
        role="Headteacher",
        confirmed=True,
        ip="10.0.0.9",
    )
    signoff = BookletSignoff.objects.get(enrolment=place)
    assert (signoff.signed_name, signoff.ip, signoff.method) == ("Ms Head", "10.0.0.9", "typed")
    after = decide_award(achievements_of(place))
    assert not any(component.title in line for line in after.missing)
    with pytest.raises(ValidationError, match="already signed off by Ms Head"):
        services.booklet_sign(enrolment=place, head_email="x@y.example", name="X", role="Head", confirmed=True)


def test_the_head_signs_through_the_link_and_a_head_of_another_school_cannot(client, cast):
    place = place_a1(cast)
    confirm_all(cast, record_all(cast, make_booklet(cast.cohort_a1.programme)))
    other = factories.EnrolmentFactory(cohort=cast.cohort_a1, headteacher_email="other.head@elm.example")
    factories.ProfileFactory(user=other.participant)
    stranger = services.head_link_renew(school_id=other.participant.profile.school_id, email="other.head@elm.example")
    url = reverse("assessment:head-booklet", kwargs={"token": services.head_token(stranger), "pk": place.pk})
    response = client.post(url, {"name": "Mr Elm", "role": "Headteacher", "confirm": "on"})
    assert response.status_code == 404 and "Not one of your staff" in response.content.decode()
    assert not BookletSignoff.objects.exists()
    head = head_of(place)
    url = reverse("assessment:head-booklet", kwargs={"token": services.head_token(head), "pk": place.pk})
    response = client.post(url, {"name": "Ms Head", "role": "Headteacher"})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    response = client.post(url, {"name": "Ms Head", "role": "Headteacher", "confirm": "on"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert BookletSignoff.objects.get(enrolment=place).signed_role == "Headteacher"


def test_an_expired_head_link_offers_a_new_one_sent_only_to_the_head_of_record(client, cast):
    place = place_a1(cast)
    head = head_of(place)
    token = services.head_token(head)
    expire(head)
    response = client.get(reverse("assessment:head", kwargs={"token": token}))
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    client.post(reverse("assessment:head-renew"), {"email": "someone@else.example"})
    assert not OutboxEmail.objects.filter(to="someone@else.example").exists()
    response = client.post(reverse("assessment:head-renew"), {"email": "HEAD@meadow.example"})
    assert "a new link is on its way" in response.content.decode()
    client.post(reverse("assessment:head-renew"), {"email": "head@meadow.example"})  # asked again at once
    email = OutboxEmail.objects.get(template="schools/email/head_link")  # one email, not two
    fresh = email.body_text.split("/assessment/heads/")[1].split("/")[0]
    assert client.get(reverse("assessment:head", kwargs={"token": fresh})).status_code == 200
    assert client.get(reverse("assessment:head", kwargs={"token": token})).status_code == 404  # replaced


def test_asking_for_a_new_head_link_does_not_break_the_working_one(client, cast):
    """Issue 25 (7): anyone could kill a head's working link by asking for a new one."""
    place = place_a1(cast)
    head = head_of(place)
    working = services.head_token(head)
    assert client.get(reverse("assessment:head", kwargs={"token": working})).status_code == 200
    OutboxEmail.objects.all().delete()
    head.__class__.objects.filter(pk=head.pk).update(sent_at=head.sent_at - dt.timedelta(minutes=20))
    client.post(reverse("assessment:head-renew"), {"email": head.email})  # a prankster, or the head
    assert client.get(reverse("assessment:head", kwargs={"token": working})).status_code == 200  # still works
    fresh = OutboxEmail.objects.get(template="schools/email/head_link").body_text
    fresh = fresh.split("/assessment/heads/")[1].split("/")[0]
    assert client.get(reverse("assessment:head", kwargs={"token": fresh})).status_code == 200
    assert client.get(reverse("assessment:head", kwargs={"token": working})).status_code == 404  # the new is used


def test_the_heads_view_shows_only_their_own_staff_and_no_mentor_notes(client, cast):
    place = place_a1(cast)
    colleague = factories.EnrolmentFactory(cohort=cast.cohort_a2, headteacher_email="head@meadow.example")
    factories.ProfileFactory(user=colleague.participant, school=place.participant.profile.school)
    elsewhere = factories.EnrolmentFactory(cohort=cast.cohort_a1, headteacher_email="head@meadow.example")
    factories.ProfileFactory(user=elsewhere.participant)  # another school, same head address
    MentorNote.objects.create(
        enrolment=place, author=cast.mentor_a1, author_name="M", happened_on="2024-01-01", text="PRIVATE NOTE"
    )
    response = client.get(reverse("assessment:head", kwargs={"token": services.head_token(head_of(place))}))
    page = response.content.decode()
    assert place.participant.full_name in page and colleague.participant.full_name in page
    assert elsewhere.participant.full_name not in page and "PRIVATE NOTE" not in page
    assert "Statutory deadline" in page and "Attendance" in page


def _booklet_pdf(client, user, place, django_capture_on_commit_callbacks) -> bytes:
    """Ask for the booklet as PDF (a worker renders it: not in the request), then download it."""
    from nasenco.files.models import StoredFile

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:booklet-pdf", args=[place.pk]))
    stored = StoredFile.objects.get(created_by=user, kind="booklet")
    assert response["Location"] == reverse("files:status", args=[stored.pk])
    assert stored.status == StoredFile.Status.READY and stored.name.endswith(".pdf")
    return b"".join(client.get(reverse("files:download", args=[stored.pk])).streaming_content)


def test_the_booklet_pdf_opens_with_the_record_and_the_sign_off_space(client, cast, django_capture_on_commit_callbacks):
    place = place_a1(cast)
    record_all(cast, make_booklet(cast.cohort_a1.programme))
    pdf = _booklet_pdf(client, cast.mentor_a1, place, django_capture_on_commit_callbacks)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert place.participant.full_name in text and "Did Task 1" in text and "Headteacher's sign-off" in text


def test_an_expired_mentor_invitation_says_so_and_a_new_one_works(client, cast):
    place = cast.participant_a2.enrolments.get()
    mentorship = services.mentor_invite(enrolment=place, email="ann@school.example", name="Ann Lee", by=None)
    token = services.mentor_token(mentorship)
    type(mentorship).objects.filter(pk=mentorship.pk).update(expires_at="2020-01-01T00:00Z")
    response = client.get(reverse("schools:mentor-join", args=[token]))
    assert response.status_code == 410 and "expired on 1 January 2020" in response.content.decode()
    mentorship = services.mentor_resend(mentorship=mentorship, by=None)
    url = reverse("schools:mentor-join", args=[services.mentor_token(mentorship)])
    response = client.post(
        url, {"full_name": "Ann Lee", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.mentor.email == "ann@school.example" and mentorship.accepted_at


def test_a_mentor_note_in_the_future_is_refused(cast):
    import datetime as dt

    with pytest.raises(ValidationError) as error:
        services.mentor_note_add(
            enrolment=cast.participant_a1.enrolments.get(),
            by=cast.mentor_a1,
            kind="meeting",
            happened_on=dt.date(2030, 1, 1),
            text="x",
            today=dt.date(2026, 1, 1),
        )
    assert "today or earlier" in str(error.value) and not MentorNote.objects.exists()


def test_work_for_a_component_the_mentor_marks_goes_to_the_mentor(client, cast):
    component = Component.objects.create(
        programme=cast.cohort_a1.programme, title="Portfolio", kind=Component.Kind.PASS_FAIL, mentor_marks=True
    )
    submission = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    assert submission.marker == cast.mentor_a1
    client.force_login(cast.mentor_a1)
    assert client.get(reverse("assessment:mark", args=[submission.pk])).status_code == 200


def test_a_head_who_prefers_an_account_signs_in_and_reaches_their_schools_view(client, cast):
    place = place_a1(cast)
    head = factories.UserFactory(email="head@meadow.example")
    client.force_login(head)
    assert "Your staff (as headteacher)" in client.get(reverse("dashboard")).content.decode()
    response = client.get(reverse("assessment:head-mine"), follow=True)
    assert place.participant.full_name in response.content.decode()
    assert response.redirect_chain and "/assessment/heads/" in response.redirect_chain[-1][0]


def test_where_the_provider_needs_ink_the_head_uploads_the_signed_booklet(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nasenco.files.samples import SMALL_PDF

    place = place_a1(cast)
    services.booklet_ink_set(programme=cast.cohort_a1.programme, required=True, by=cast.admin_a)
    confirm_all(cast, record_all(cast, make_booklet(cast.cohort_a1.programme)))
    url = reverse("assessment:head-booklet", kwargs={"token": services.head_token(head_of(place)), "pk": place.pk})
    typed = client.post(url, {"name": "Ms Head", "role": "Headteacher", "confirm": "on"})
    assert typed.status_code == 400 and "needs the booklet signed in ink" in typed.content.decode()
    assert not BookletSignoff.objects.exists()
    not_pdf = SimpleUploadedFile("signed.pdf", b"just text, not a PDF")
    response = client.post(url, {"name": "Ms Head", "role": "Headteacher", "confirm": "on", "ink": not_pdf})
    assert response.status_code == 400 and not BookletSignoff.objects.exists()
    scan = SimpleUploadedFile("signed booklet.pdf", SMALL_PDF)
    response = client.post(url, {"name": "Ms Head", "role": "Headteacher", "confirm": "on", "ink": scan})
    assert response.status_code == 302
    signoff = BookletSignoff.objects.get(enrolment=place)
    assert signoff.method == "ink" and signoff.ink_file_name == "signed booklet.pdf"
    with signoff.ink_file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")


def test_a_second_booklet_completing_keeps_the_heads_first_link_working(client, cast):
    place = place_a1(cast)
    items = make_booklet(cast.cohort_a1.programme)
    confirm_all(cast, record_all(cast, items))
    colleague = factories.EnrolmentFactory(cohort=cast.cohort_a1, headteacher_email=place.headteacher_email)
    factories.ProfileFactory(user=colleague.participant, school=place.participant.profile.school)
    factories.MentorshipFactory(enrolment=colleague, mentor=cast.mentor_a1)
    for item in items:
        entry = services.entry_record(enrolment=colleague, item=item, text="Done", by=colleague.participant)
        services.entry_confirm(entry=entry, by=cast.mentor_a1)
    first, second = OutboxEmail.objects.filter(template="schools/email/signoff_request").order_by("pk")
    for email in (first, second):
        path = "/assessment/" + email.body_text.split("/assessment/", 1)[1].split()[0]
        assert client.get(path).status_code == 200, path


def test_ending_a_mentoring_asks_first_then_ends_and_keeps_what_the_mentor_recorded(client, cast):
    from schools.models import Mentorship

    place = cast.participant_a1.enrolments.get()
    services.mentor_note_add(
        enrolment=place, by=cast.mentor_a1, kind="meeting", happened_on=place.created.date(), text="Kept."
    )
    mentorship = Mentorship.objects.get(enrolment=place)
    client.force_login(cast.participant_a1)
    url = reverse("schools:mentorship-end", args=[mentorship.pk])
    asked = client.post(url).content.decode()
    assert f"End {mentorship.name}" in asked and "stops seeing" in asked
    mentorship.refresh_from_db()
    assert mentorship.cancelled_at is None  # asked, not done
    assert client.post(url, {"confirmed": "1"})["Location"] == reverse("schools:my-mentor")
    mentorship.refresh_from_db()
    assert mentorship.cancelled_at is not None and MentorNote.objects.filter(text="Kept.").exists()
    client.force_login(cast.mentor_a1)
    assert client.get(reverse("schools:place", args=[place.pk])).status_code == 404


def test_opening_the_booklet_pdf_is_in_the_activity_log(client, cast, django_capture_on_commit_callbacks):
    """Issue 25 (7): every other file staff open was logged; the booklet PDF was not."""
    place = place_a1(cast)
    assert _booklet_pdf(client, cast.mentor_a1, place, django_capture_on_commit_callbacks).startswith(b"%PDF")
    entry = ActivityEntry.objects.get(action="download.opened", about=place.participant)
    assert entry.by == cast.mentor_a1 and "performance booklet" in entry.summary
    head = head_of(place)
    client.logout()
    client.get(reverse("assessment:head-booklet-pdf", kwargs={"token": services.head_token(head), "pk": place.pk}))
    assert ActivityEntry.objects.filter(action="download.opened", summary__contains=head.email).exists()


def test_an_empty_ask_for_more_says_what_is_missing_beside_its_box_and_changes_nothing(client, cast):
    entry = record_all(cast, make_booklet(cast.cohort_a1.programme))[0]
    client.force_login(cast.mentor_a1)
    response = client.post(reverse("schools:entry-more", args=[entry.pk]), {"response": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Fill this in to continue. Say what more the participant should record." in page
    assert f'aria-describedby="more-{entry.pk}-error"' in page
    entry.refresh_from_db()
    assert entry.status == BookletEntry.Status.WAITING
