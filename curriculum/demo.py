"""Best Practice Network's NPQ for SENCOs delivers DfE's framework: its six sessions each teach an area,
twelve self-study units cover the rest, and the accepted applicant has begun the self-study."""

from cohorts.models import Membership, Provider, Qualification
from enrolment.models import Enrolment

from . import services
from .models import Framework, Statement

UNITS = (
    "Inclusion and belonging: what the research says",
    "The SEND Code of Practice in your school",
    "Working with families: co-production",
    "Assess, plan, do, review",
    "Adapting teaching without lowering expectations",
    "Deploying teaching assistants well",
    "Behaviour as communication",
    "Planning and costing provision",
    "Transitions and preparing for adulthood",
    "Professional development that changes practice",
    "Choosing a priority from evidence",
    "Implementing and reviewing a change",
)


def seed(demo) -> None:
    bpn = Provider.objects.filter(slug="best-practice-network").first()
    if bpn is None or Framework.objects.filter(provider=bpn).exists():
        return
    admin = Membership.objects.filter(provider=bpn, role=Membership.Role.ADMIN).first().user
    programme = bpn.programmes.filter(qualification=Qualification.NPQSENCO).first()
    plan = deliver(programme, by=admin)
    started = Enrolment.objects.filter(cohort__programme=programme, status=Enrolment.Status.ACCEPTED).first()
    if started is not None:
        for unit in plan.units.order_by("number")[:3]:
            services.completion_mark(unit=unit, participant=started.participant, done=True, by=started.participant)


def deliver(programme, *, by):
    """The provider's copy of DfE's framework delivered by ``programme``: each session teaches the area of its
    number, and twelve self-study units walk the eight areas (leaving two statements as gaps to show)."""
    framework = services.framework_load(provider=programme.provider, by=by)
    plan = services.plan_save(
        programme=programme, framework=framework, self_study_minimum_percent=90, gates_assessment=True, by=by
    )
    statements = list(Statement.objects.filter(area__framework=framework).select_related("area"))
    for number in range(1, programme.teaching_days + 1):
        services.session_save(
            plan=plan, number=number, statements=[s for s in statements if s.area.number == number], by=by
        )
    for index, title in enumerate(UNITS):
        area = index * 8 // len(UNITS) + 1
        taught = [s for s in statements if s.area.number == area and s.number == 1 + index % 2]
        services.unit_save(plan=plan, title=title, minutes=45, link="", statements=taught, by=by)
    return plan
