"""Demo providers from the three seed course pages, with Eastern Partnership's real 2023-24 groups.

Dates, modes and venues are the published ones. Teaching days are all-day sessions whose hours the
source does not give; the programme's default hours (09:30–15:30) stand in for them.
"""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from . import services
from .models import Cohort, Membership, Provider, Qualification, TeachingDay
from .schedule import Pattern, holiday_check, propose_dates

GROUPS_FILE = Path(__file__).parent / "data" / "eastern-partnership-groups-2023-24.json"

# Venue names and addresses as the source page gives them, keyed by the JSON's venue text.
VENUES = {
    "Over Conference and Community Centre, 16 The Doles, Over, Cambridge CB24 5NW": (
        "Over Conference and Community Centre",
        "16 The Doles, Over, Cambridge",
        "CB24 5NW",
        "Cambridgeshire",
    ),
    "Chelmsford City Football Club": ("Chelmsford City Football Club", "Chelmsford, Essex", "", "Essex"),
    "Fielder Centre, Hatfield Business Park, Hatfield Avenue, Hatfield AL10 9TP": (
        "Fielder Centre",
        "Hatfield Business Park, Hatfield Avenue, Hatfield",
        "AL10 9TP",
        "Hertfordshire",
    ),
    "Hethel Engineering Centre": ("Hethel Engineering Centre", "Hethel, Norfolk", "", "Norfolk"),
    "Landmark House": ("Landmark House", "Suffolk County Council, Ipswich", "", "Suffolk"),
    "Endeavour House": ("Endeavour House", "Suffolk County Council, Ipswich", "", "Suffolk"),
}
PROVIDER_NAMES = {
    "best-practice-network": "Best Practice Network",
    "eastern-partnership": "Eastern Partnership UK (SEND)",
    "roehampton": "University of Roehampton with Lambeth",
}
SUFFOLK = "Suffolk Council venues: Landmark House / Endeavour House"

STAFF = {
    "eastern-partnership": [
        ("admin@eastern-partnership.example", "Helen Carter", Membership.Role.ADMIN),
        ("tutor.morgan@eastern-partnership.example", "Rachel Morgan", Membership.Role.TUTOR),
        ("tutor.okafor@eastern-partnership.example", "David Okafor", Membership.Role.TUTOR),
        ("tutor.lewis@eastern-partnership.example", "Sian Lewis", Membership.Role.TUTOR),
    ],
    "best-practice-network": [("admin@bpn.example", "Tom Fletcher", Membership.Role.ADMIN)],
    "roehampton": [
        ("admin@roehampton.example", "Amara Mensah", Membership.Role.ADMIN),
        ("tutor@roehampton.example", "Dr Ruth Adeyemi", Membership.Role.TUTOR),
    ],
}


def parse_session_time(text: str) -> tuple[dt.time, dt.time]:
    """'5.00-6.30pm' → (17:00, 18:30). Evening sessions: both ends are pm, as every group's are."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{2})-(\d{1,2})\.(\d{2})pm", text.strip())
    if not match:
        raise ValueError(f"Unrecognised session time {text!r}")
    h1, m1, h2, m2 = (int(x) for x in match.groups())
    return dt.time(h1 % 12 + 12, m1), dt.time(h2 % 12 + 12, m2)


def seed(demo) -> None:
    if Provider.objects.filter(slug="eastern-partnership").exists():
        for slug, people in STAFF.items():
            for email, name, role in people:
                demo.user(email=email, full_name=name, role=f"{_role_label(role)}, {PROVIDER_NAMES[slug]}")
        demo.objects["providers"] = {p.slug: p for p in Provider.objects.all()}
        demo.objects["cohorts"] = list(Cohort.objects.filter(provider__slug="eastern-partnership").order_by("pk"))
        demo.objects["open_cohort"] = open_npq_cohort()
        return

    bpn = services.provider_create(
        name=PROVIDER_NAMES["best-practice-network"],
        slug="best-practice-network",
        accrediting_university="Bath Spa University",
        contact_email="nasenco@bpn.example",
    )
    ep = services.provider_create(
        name=PROVIDER_NAMES["eastern-partnership"],
        slug="eastern-partnership",
        accrediting_university="University of Hertfordshire",
        contact_email="office@eastern-partnership.example",
    )
    roehampton = services.provider_create(
        name=PROVIDER_NAMES["roehampton"],
        slug="roehampton",
        accrediting_university="University of Roehampton",
        contact_email="nasenco@roehampton.example",
    )
    providers = {p.slug: p for p in (bpn, ep, roehampton)}
    staff = {}
    for slug, people in STAFF.items():
        for email, name, role in people:
            user = demo.user(email=email, full_name=name, role=f"{_role_label(role)}, {PROVIDER_NAMES[slug]}")
            services.membership_grant(provider=providers[slug], user=user, role=role)
            staff[email] = user
    # A tutor invited but not yet joined, so the staff page shows a pending invitation.
    if not ep.invitations.exists():
        services.invitation_send(provider=ep, email="new.tutor@eastern-partnership.example", role="tutor", by=None)

    services.programme_create(
        provider=bpn,
        title="National Award for SEN Coordination",
        qualification=Qualification.NASENCO,
        credits=60,
        teaching_days=6,
        has_orientation=False,
        default_start_time=dt.time(9, 30),
        default_end_time=dt.time(15, 30),
        submission_window_months=15,
        fee=Decimal("2250"),
        heads_need_teaching_status=True,  # seeds/000: "only qualified teachers (QTS or QTLS) are eligible"
    )
    services.programme_create(
        provider=roehampton,
        title="National Award for SEN Co-ordination (Lambeth)",
        qualification=Qualification.NASENCO,
        credits=60,
        teaching_days=10,
        has_orientation=False,
        default_start_time=dt.time(9, 30),
        default_end_time=dt.time(15, 30),
    )
    # The National Award takes no new course from 1 September 2024 (reg. 49(7)), so the cohort running on
    # the day the demo is loaded is Roehampton's NPQ for SENCOs, with the same school-based element (a
    # performance booklet and a school-based mentor) as its National Award.
    services.programme_create(
        provider=roehampton,
        title="NPQ for SENCOs (Lambeth)",
        qualification=Qualification.NPQSENCO,
        credits=60,
        teaching_days=10,
        has_orientation=False,
        default_start_time=dt.time(9, 30),
        default_end_time=dt.time(15, 30),
    )
    ep_programme = services.programme_create(
        provider=ep,
        title="National Award for SEN Coordination",
        qualification=Qualification.NASENCO,
        credits=60,
        teaching_days=7,
        has_orientation=True,
        default_start_time=dt.time(9, 30),
        default_end_time=dt.time(15, 30),
        fee=Decimal("1989"),
        heads_need_teaching_status=True,  # seeds/002: "You must have QTS, QTLS or EYTS"
    )

    venues = {}
    for name, address, postcode, _area in VENUES.values():
        venues[name] = services.venue_create(provider=ep, name=name, address=address, postcode=postcode)

    tutors = [staff[e] for e, _, role in STAFF["eastern-partnership"] if role == Membership.Role.TUTOR]
    today = timezone.localdate()
    cohorts = []
    virtual_letters = iter("ABCDEFGHIJKL")
    for index, group in enumerate(json.loads(GROUPS_FILE.read_text())["groups"]):
        venue_text = group.get("venue", "")
        area = VENUES[venue_text][3] if venue_text in VENUES else ("Suffolk" if venue_text == SUFFOLK else "")
        name = group["name"] or (f"{area} blended" if area else f"Virtual group {next(virtual_letters)}")
        start, end = parse_session_time(group["orientation"]["time"])
        link = f"https://classroom.eastern-partnership.example/{_slug(name)}"
        days = [
            {
                "number": 0,
                "date": dt.date.fromisoformat(group["orientation"]["date"]),
                "start_time": start,
                "end_time": end,
                "mode": TeachingDay.Mode.VIRTUAL,
                "joining_link": link,
                "topics": "Course administration, meet your tutors and your group",
            }
        ]
        for day in group["days"]:
            venue = venues[day.get("venue") or VENUES[venue_text][0]] if day["mode"] == "venue" else None
            days.append(
                {
                    "number": day["day"],
                    "date": dt.date.fromisoformat(day["date"]),
                    "start_time": ep_programme.default_start_time,
                    "end_time": ep_programme.default_end_time,
                    "mode": day["mode"],
                    "venue": venue,
                    "joining_link": "" if venue else link,
                }
            )
        last_day = max(d["date"] for d in days)
        cohorts.append(
            services.cohort_create(
                programme=ep_programme,
                name=name,
                academic_year=services.academic_year_of(days[0]["date"]),
                delivery=group["delivery"],
                capacity=24,
                status=Cohort.Status.CLOSED if last_day < today else Cohort.Status.RUNNING,
                days=days,
                tutors=[tutors[index % len(tutors)]],
            )
        )
    demo.objects["providers"] = providers
    demo.objects["cohorts"] = cohorts
    demo.objects["open_cohort"] = _open_npq_cohort(bpn)
    # Best Practice Network as an NPQ lead provider delivering through two partners: Eastern Partnership (a
    # seed provider with its own groups) and a teaching-school hub.
    services.delivery_partner_join(partner=ep, lead=bpn, by=None)
    services.delivery_partner_create(lead=bpn, name="Norfolk SEND Teaching School Hub", by=None)


NPQ_TOPICS = (
    "The SENCO role, the law and the Code of Practice",
    "Identifying needs: assessment and the graduated approach",
    "Teaching, adaptation and high-quality provision",
    "Working with families, pupils and other agencies",
    "Leading colleagues and deploying support staff",
    "Evaluating impact and planning the next year",
)


def open_npq_cohort() -> Cohort | None:
    """The demo's cohort taking applications (named by its season, so found by what it is)."""
    return (
        Cohort.objects.filter(provider__slug="best-practice-network", programme__qualification=Qualification.NPQSENCO)
        .order_by("pk")
        .first()
    )


def _season(day: dt.date) -> str:
    return "Spring" if day.month <= 4 else "Summer" if day.month <= 8 else "Autumn"


def _open_npq_cohort(bpn) -> Cohort:
    """A cohort taking applications on the day the demo is loaded (NASENCO can no longer be started: from
    1 September 2024 new SENCOs take the NPQ for SENCOs): six Thursdays four weeks apart from about two
    months ahead, stepping round the holidays as an admin's proposal would. Demo data, not a provider's."""
    programme = services.programme_create(
        provider=bpn,
        title="National Professional Qualification for SENCOs",
        qualification=Qualification.NPQSENCO,
        credits=0,
        teaching_days=6,
        has_orientation=False,
        default_start_time=dt.time(9, 30),
        default_end_time=dt.time(15, 30),
        fee=Decimal("0"),
    )
    soon = timezone.localdate() + dt.timedelta(weeks=8)
    pattern = Pattern(first=soon + dt.timedelta(days=(3 - soon.weekday()) % 7), every_weeks=4)
    dates = [day for day, _ in propose_dates(pattern, 6, blocked=holiday_check(pattern))]
    name = f"NPQSENCO {_season(dates[0])} {dates[0].year}"
    days = [
        {
            "number": n,
            "date": date,
            "start_time": dt.time(9, 30),
            "end_time": dt.time(15, 30),
            "mode": TeachingDay.Mode.VIRTUAL,
            "joining_link": f"https://classroom.bpn.example/{_slug(name)}",
            "topics": topic,
        }
        for n, (date, topic) in enumerate(zip(dates, NPQ_TOPICS, strict=True), start=1)
    ]
    return services.cohort_create(
        programme=programme,
        name=name,
        academic_year=services.academic_year_of(dates[0]),
        delivery=Cohort.Delivery.VIRTUAL,
        capacity=30,
        status=Cohort.Status.OPEN,
        days=days,
    )


def _role_label(role: str) -> str:
    return Membership.Role(role).label


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
