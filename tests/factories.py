"""One factory per model. They build through the ORM so tests can arrange any state quickly."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from faker import Faker

from cohorts.models import Cohort, Membership, Programme, Provider, TeachingDay, Venue
from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF

_FAKE = Faker("en_GB")

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.example")
    # No apostrophes: pages escape them (O&#x27;Connor), and tests look for names as typed. Escaping itself is
    # Django's, and the names people really have are kept exactly as they type them.
    full_name = factory.LazyFunction(lambda: _FAKE.name().replace("'", ""))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    accrediting_university = "University of Somewhere"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    provider = factory.SubFactory(ProviderFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMIN


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "1 High Street, Ipswich"
    postcode = "IP1 1AA"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    provider = factory.SubFactory(ProviderFactory)
    title = "National Award for SEN Coordination"
    teaching_days = 7


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    provider = factory.SelfAttribute("programme.provider")
    name = factory.Sequence(lambda n: f"Group {n}")
    academic_year = "2023-24"
    delivery = Cohort.Delivery.VIRTUAL
    status = Cohort.Status.RUNNING


class TeachingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingDay

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyAttribute(lambda day: dt.date(2023, 9, 20) + dt.timedelta(weeks=4 * day.number))
    start_time = dt.time(9, 30)
    end_time = dt.time(15, 30)
    mode = TeachingDay.Mode.VIRTUAL
    joining_link = "https://classroom.example.org/room"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(UserFactory)
    status = Enrolment.Status.ACTIVE

    @factory.post_generation
    def open_portfolio(obj, create, extracted, **kwargs):
        """A place given opens its portfolio, as the enrolment services do (enrolment.places)."""
        if create and obj.status in Enrolment.ON_PROGRAMME:
            from enrolment.places import place_given

            place_given(obj)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrolment.School"

    name = factory.Sequence(lambda n: f"Meadow Primary School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    local_authority = "Suffolk"
    postcode = "IP1 1AA"
    setting = "maintained"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrolment.ParticipantProfile"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    trn = factory.Sequence(lambda n: f"{1000000 + n}")
    qualified_status = "QTS"
    qualified_on = dt.date(2012, 7, 20)
    induction = "completed"
    role = "designated"
    appointed_senco_on = dt.date(2023, 1, 9)
    school = factory.SubFactory(SchoolFactory)

    @factory.post_generation
    def refresh_deadlines(obj, create, extracted, **kwargs):
        """The enrolments' stored deadlines follow the profile, as the profile service keeps them."""
        if create:
            from enrolment.services.statutory import statutory_refresh_for

            statutory_refresh_for(user=obj.user)


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A declaration whose signed scan a person has already checked."""

    class Meta:
        model = "enrolment.Declaration"

    enrolment = factory.SubFactory(EnrolmentFactory, status=Enrolment.Status.AWAITING_DECLARATION)
    clauses = "The school will support the participant."
    status = "verified"
    sent_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
    expires_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=30))


def awaiting_acceptance(cohort):
    """An application whose verified declaration leaves only the admin's acceptance to do."""
    return DeclarationFactory(enrolment__cohort=cohort).enrolment


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.Evidence"

    title = factory.Sequence(lambda n: f"SEN policy review {n}")
    kind = "policy"
    activity_date = dt.date(2024, 3, 12)
    reflection = "I led the review of our SEN policy with the governors and the family liaison officer."
    pupils_not_identifiable = True


def moderate_and_release(*, cohort, component, moderator, admin):
    """Draw the sample, second-mark it in agreement with the first marker, and release (the real services)."""
    from assessment import services
    from assessment.models import Submission

    if component.kind == "level7":
        services.sample_draw(cohort=cohort, component=component, by=None)
        for submission in Submission.objects.filter(
            enrolment__cohort=cohort, component=component, in_sample=True, agreed_mark__isnull=True
        ):
            services.moderation_mark_save(submission=submission, by=moderator, mark=submission.raw_mark)
    return services.release(cohort=cohort, component=component, by=admin)


def hand_in(enrolment, component, *, name: str = "work.pdf", words: int = 1000, today=None):
    """Hand in a small PDF through the real service (content check, timing, receipt)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import services
    from nasenco.files.uploads import check_evidence_upload

    upload = SimpleUploadedFile(name, SMALL_PDF)
    return services.submission_create(
        enrolment=enrolment,
        component=component,
        upload=upload,
        checked=check_evidence_upload(upload, max_bytes=10_000_000),
        word_count=words,
        own_work=True,
        today=today,
    )


def timetable_rows(cohort, *, move_day: int | None = None, weeks: int = 1):
    """The cohort's timetable as the editor sends it (``DayInput`` rows), with Day ``move_day`` moved on."""
    import datetime as dt

    from cohorts.services import DayInput

    return [
        DayInput(
            number=d.number,
            date=d.date + dt.timedelta(weeks=weeks if d.number == move_day else 0),
            start_time=d.start_time,
            end_time=d.end_time,
            mode=d.mode,
            venue=d.venue,
            joining_link=d.joining_link,
            topics=d.topics,
            pk=d.pk,
        )
        for d in cohort.days.order_by("number")
    ]


class MentorshipFactory(factory.django.DjangoModelFactory):
    """An accepted school-based mentor (a light account, no provider role)."""

    class Meta:
        model = "schools.Mentorship"

    enrolment = factory.SubFactory(EnrolmentFactory)
    mentor = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda m: m.mentor.email)
    name = factory.LazyAttribute(lambda m: m.mentor.full_name)
    sent_at = factory.LazyFunction(lambda: dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    expires_at = factory.LazyFunction(lambda: dt.datetime(2024, 1, 15, tzinfo=dt.UTC))
    accepted_at = factory.LazyFunction(lambda: dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
