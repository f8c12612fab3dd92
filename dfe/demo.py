"""Best Practice Network as a DfE lead provider, connected to the offline DfE that ``make run`` starts
(``DFE_DEMO_URL``): a dozen NPQ for SENCOs applications waiting, two accepted onto a running cohort, one
declared ``started`` and the other due, and DfE's statements. Without ``DFE_DEMO_URL`` nothing is made."""

import datetime as dt
import os
import time

from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.models import Attendance, Cohort, Membership, Provider, Qualification, TeachingDay

from . import services
from .client import DfeError
from .models import Application
from .selectors import evidence_rows

DEMO_TOKEN = "demo-lead-provider-token"  # noqa: S105 - the offline DfE's demo token (dfe_fake), not a secret


def seed(demo) -> None:
    url = os.environ.get("DFE_DEMO_URL", "")
    bpn = Provider.objects.filter(slug="best-practice-network").first()
    if not url or bpn is None:
        return
    connection = services.connection_for(bpn)
    if connection.token_encrypted:
        return  # seeded before: running it again adds nothing
    admin = Membership.objects.filter(provider=bpn, role=Membership.Role.ADMIN).first().user
    services.connection_save(connection=connection, base_url=url, token=DEMO_TOKEN, delivery_partner_id=None, by=admin)
    for _ in range(30):  # make run starts the offline DfE a moment before
        if services.connection_check(connection=connection).check_ok:
            break
        time.sleep(0.5)
    else:
        return  # the DfE pages say what is wrong
    try:
        services.sync(connection, full=True)
        _partner_ids(bpn, connection, admin)
    except DfeError:
        return
    cohort = running_cohort(bpn)
    tutor = cohort.tutors.first() or admin
    # seed_demo runs in one transaction, so each write is sent here rather than after the commit.
    for application in Application.objects.filter(provider=bpn, eligible_for_funding=True).order_by("pk")[:2]:
        write = services.application_accept(application=application, cohort=cohort, funded_place=True, by=admin)
        services.write_send(write.pk)
    accepted = list(Application.objects.filter(provider=bpn, enrolment__isnull=False).select_related("enrolment"))
    first_day = cohort.days.get(number=1)
    cohort_services.attendance_record(
        day=first_day, marks={a.enrolment.participant_id: Attendance.Status.PRESENT for a in accepted}, by=tutor
    )
    ready = [row for row in evidence_rows(bpn, "started") if row["evidence"].ready]
    if ready:
        row = ready[0]
        declaration = services.declare(
            application=row["application"], declaration_type="started", evidence=row["evidence"].facts, by=admin
        )
        services.write_send(declaration.writes.get().pk)


def running_cohort(bpn) -> Cohort:
    """An NPQ for SENCOs cohort that began about six weeks ago (its first session already held)."""
    programme = bpn.programmes.filter(qualification=Qualification.NPQSENCO).first()
    start = timezone.localdate() - dt.timedelta(weeks=6)
    days = [
        {
            "number": n,
            "date": start + dt.timedelta(weeks=5 * (n - 1)),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(15, 30),
            "mode": TeachingDay.Mode.VIRTUAL,
            "joining_link": "https://classroom.bpn.example/npqsenco-dfe",
        }
        for n in range(1, 7)
    ]
    return cohort_services.cohort_create(
        programme=programme,
        name=f"NPQSENCO through DfE {start.year}",
        academic_year=cohort_services.academic_year_of(start),
        delivery=Cohort.Delivery.VIRTUAL,
        capacity=30,
        status=Cohort.Status.RUNNING,
        days=days,
    )


def _partner_ids(bpn, connection, admin) -> None:
    """DfE's ids for the delivery partners it assigned (GET /delivery-partners), onto the partners of the
    same name."""
    assigned = {
        row["attributes"]["name"]: row["id"]
        for page in services.client_for(connection).pages("/delivery-partners")
        for row in page
    }
    for partner in bpn.delivery_partners.all():
        if partner.name in assigned:
            cohort_services.provider_update(provider=partner, by=admin, dfe_delivery_partner_id=assigned[partner.name])
    if assigned:  # declarations for Best Practice Network's own cohorts go in the hub's name
        default = assigned.get("Norfolk SEND Teaching School Hub") or next(iter(assigned.values()))
        services.connection_save(
            connection=connection, base_url=connection.base_url, token="", delivery_partner_id=default, by=admin
        )
