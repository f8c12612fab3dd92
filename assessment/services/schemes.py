"""Writes for assessment schemes. Submissions, marking, moderation and awards come with the assessment issue."""

from django.db import transaction

from cohorts.services import activity_record, changes_between
from nasenco.dates import long_date
from portfolio.models import Outcome

from ..models import Component, Criterion, DueDate, SubElement, Submission
from .activity import cohort_work_record

LEVEL_7_CRITERIA = [
    ("Knowledge and understanding", 25),
    ("Critical analysis", 25),
    ("Use of literature and research", 20),
    ("Application to practice", 20),
    ("Structure and presentation", 10),
]
DESCRIPTORS = {
    "Distinction": "Exceptional: original, critical and authoritative throughout.",
    "Merit": "Strong: consistently critical, well supported by literature and practice.",
    "Pass": "Sound: meets Level 7 expectations, with some critical engagement.",
    "Marginal fail": "Close: some Level 7 features, but gaps in analysis or evidence.",
    "Fail": "Not yet at Level 7: largely descriptive or unsupported.",
}


@transaction.atomic
def component_create(
    *,
    programme,
    title: str,
    kind: str,
    credits: int = 0,
    word_limit: int | None = None,
    sub_elements=(),
    outcome_codes=(),
    order: int = 0,
    description: str = "",
    mentor_marks: bool = False,
) -> Component:
    """A component with its weighted sub-elements and, for Level 7 work, the standard rubric."""
    component = Component(
        programme=programme,
        title=title,
        kind=kind,
        credits=credits,
        word_limit=word_limit,
        order=order,
        description=description,
        mentor_marks=mentor_marks,
    )
    component.full_clean()
    component.save()
    for position, (sub_title, weight) in enumerate(sub_elements):
        SubElement.objects.create(component=component, title=sub_title, weight=weight, order=position)
    if kind == Component.Kind.LEVEL_7:
        Criterion.objects.bulk_create(
            [
                Criterion(component=component, title=c, weight=w, order=i, descriptors=DESCRIPTORS)
                for i, (c, w) in enumerate(LEVEL_7_CRITERIA)
            ]
        )
    if outcome_codes:
        component.outcomes.set(
            Outcome.objects.filter(framework__name="NASENCO 2014", framework__version=1, code__in=outcome_codes)
        )
    return component


@transaction.atomic
def due_date_set(*, component: Component, cohort, due_on, by, late_days: int | None = None) -> DueDate:
    if cohort.programme_id != component.programme_id:
        raise ValueError("A due date belongs to a cohort of the component's programme.")
    before = DueDate.objects.filter(component=component, cohort=cohort).values("due_on", "late_days").first() or {}
    defaults = {"due_on": due_on, **({"late_days": late_days} if late_days is not None else {})}
    due, _ = DueDate.objects.update_or_create(component=component, cohort=cohort, defaults=defaults)
    changes = changes_between(before, {"due_on": due.due_on, "late_days": due.late_days})
    if changes:
        summary = f"Due date set to {long_date(due.due_on)}"
        cohort_work_record(
            cohort=cohort, component=component, by=by, action="due.set", summary=summary, changes=changes
        )
    return due


SETTINGS = (
    "pass_mark",
    "word_limit",
    "word_tolerance_percent",
    "over_length_penalty",
    "moderation_percent",
    "anonymous_marking",
    "mentor_marks",
    "due_weeks",  # proposes new cohorts' due dates; touches no marked work
    "appeal_days",
)


class NeedsConfirmation(Exception):
    """The change touches work already marked: the admin must confirm, knowing what it affects."""

    def __init__(self, effects: list[str]):
        super().__init__(" ".join(effects))
        self.effects = effects


@transaction.atomic
def component_settings_save(*, component: Component, fields: dict, by, confirmed: bool = False) -> dict:
    """Change a component's assessment settings (for every cohort of its programme). Returns the changes.

    Marks already given are not recalculated: a change of pass mark or word rule applies to marks saved from
    now on. When marked work exists, the change waits for ``confirmed`` and says what it affects."""
    locked = Component.objects.select_for_update().get(pk=component.pk)
    changes = changes_between({name: getattr(locked, name) for name in SETTINGS}, {k: fields[k] for k in SETTINGS})
    if not changes:
        return {}
    marked = locked.submissions.exclude(status=Submission.Status.NOT_MARKED).count()
    if marked and not confirmed and not set(changes) <= {"due_weeks", "appeal_days"}:
        raise NeedsConfirmation(_effects(locked, changes, marked))
    for name in SETTINGS:
        setattr(locked, name, fields[name])
    locked.full_clean()
    locked.save(update_fields=list(SETTINGS))
    activity_record(
        provider_id=locked.programme.provider_id,
        by=by,
        action="settings.component",
        summary=f"Assessment settings changed: {', '.join(changes)}",
        obj=locked,
        label=f"{locked.title} — {locked.programme.title}",
        changes=changes,
    )
    return changes


def _effects(component: Component, changes: dict, marked: int) -> list[str]:
    effects = [
        f"{marked} piece(s) of {component.title} already have a mark. Marks already saved are not recalculated: "
        "the new settings apply to marks saved from now on."
    ]
    if "pass_mark" in changes:
        effects.append("Work marked again after this change passes or fails against the new pass mark.")
    if "anonymous_marking" in changes:
        effects.append("Markers will see names (or candidate numbers) differently on work still in marking.")
    if "moderation_percent" in changes:
        effects.append("A moderation sample already drawn keeps its pieces; drawing again adds to it.")
    return effects
