"""The award decision. Pure: what a participant has achieved in, the decision and what is missing out."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ComponentResult:
    title: str
    passed: bool | None  # None: not marked or not released yet
    outcomes: tuple[str, ...] = ()  # outcome codes a passed component evidences
    waiting: str = "not yet marked and released"  # what an undecided component is waiting for


@dataclass(frozen=True)
class Achievements:
    components: tuple[ComponentResult, ...]
    outcomes: tuple[str, ...]  # every outcome code of the framework
    evidenced: frozenset[str]  # outcome codes with accepted portfolio evidence
    attendance_percent: int
    minimum_attendance: int
    declaration_verified: bool
    scope: str  # enrolment.choices.Scope, from the statutory answer
    completed_on: dt.date | None = None
    statutory_deadline: dt.date | None = None


@dataclass
class AwardDecision:
    awarded: bool
    scope: str | None
    missing: list[str] = field(default_factory=list)
    in_time: bool | None = None  # completed by the statutory deadline (None: no deadline or not complete)


def decide_award(a: Achievements) -> AwardDecision:
    missing = []
    for component in a.components:
        if component.passed is None:
            missing.append(f"{component.title}: {component.waiting}.")
        elif not component.passed:
            missing.append(f"{component.title}: not passed.")
    met = set(a.evidenced)
    for component in a.components:
        if component.passed:
            met.update(component.outcomes)
    unmet = [code for code in a.outcomes if code not in met]
    if unmet:
        missing.append(f"Learning outcomes without accepted evidence or a passed component: {', '.join(unmet)}.")
    if a.attendance_percent < a.minimum_attendance:
        missing.append(f"Attendance is {a.attendance_percent}%; the programme requires {a.minimum_attendance}%.")
    if not a.declaration_verified:
        missing.append("The headteacher declaration has not been verified.")
    in_time = None
    if a.completed_on and a.statutory_deadline:
        in_time = a.completed_on <= a.statutory_deadline
    if missing:
        return AwardDecision(False, None, missing, None)
    return AwardDecision(True, a.scope, [], in_time)
