"""Level 7 marking rules. Pure: numbers in, a result with its reasons out.

UK postgraduate conventions (docs/learning-outcomes.md), configurable where providers differ:
marks 0–100, pass mark 50; 70+ distinction, 60–69 merit, 50–59 pass, 40–49 marginal fail, below 40 fail;
a resubmission is capped at the pass mark; over-length work loses marks beyond a tolerance.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

BOUNDARIES = (40, 50, 60, 70)


@dataclass(frozen=True)
class Band:
    label: str
    lower: int
    upper: int
    passed: bool


def bands(pass_mark: int = 50) -> list[Band]:
    return [
        Band("Distinction", 70, 100, True),
        Band("Merit", 60, 69, True),
        Band("Pass", pass_mark, 59, True),
        Band("Marginal fail", 40, pass_mark - 1, False),
        Band("Fail", 0, 39, False),
    ]


def check_mark(mark) -> int:
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        raise ValueError("A mark is a whole number from 0 to 100.")
    return mark


def band_for(mark: int, pass_mark: int = 50) -> Band:
    check_mark(mark)
    return next(b for b in bands(pass_mark) if b.lower <= mark <= b.upper)


def band_mark(label: str, pass_mark: int = 50) -> int:
    """The mark a marker gives by choosing only a band: five above the band's floor (the middle of a
    ten-mark band), never past its top. Distinction 75, Merit 65, Pass 55, Marginal fail 45, Fail 35."""
    band = next((b for b in bands(pass_mark) if b.label == label), None)
    if band is None:
        raise ValueError(f"{label!r} is not a band: choose {', '.join(b.label for b in bands(pass_mark))}.")
    return band.upper - 4 if band.lower == 0 else min(band.lower + 5, band.upper)


def passes(mark: int, pass_mark: int = 50) -> bool:
    """The one pass/fail rule: the mark's band passes."""
    return band_for(mark, pass_mark).passed


def check_band(mark: int, band_label: str, pass_mark: int = 50) -> None:
    """Refuse a band that contradicts the mark (e.g. "Merit" for 48)."""
    actual = band_for(mark, pass_mark)
    if actual.label != band_label:
        raise ValueError(
            f"{mark} is a {actual.label.lower()} ({actual.lower}–{actual.upper}), not a "
            f"{band_label.lower()}. Change the mark or the band."
        )


def weighted_mark(criteria: Iterable[tuple[float, int]]) -> int:
    """Marks per criterion combined by weight, rounded half up: [(weight, mark), ...] → 0–100."""
    criteria = list(criteria)
    total_weight = sum(w for w, _ in criteria)
    if not criteria or total_weight <= 0:
        raise ValueError("Give each criterion a mark; the weights must add up to more than nothing.")
    for _, mark in criteria:
        check_mark(mark)
    return int(sum(w * m for w, m in criteria) / total_weight + 0.5)


@dataclass(frozen=True)
class MarkResult:
    raw: int
    after_penalty: int
    final: int
    notes: list[str] = field(default_factory=list)

    @property
    def penalised(self) -> bool:
        return self.after_penalty != self.raw

    @property
    def capped(self) -> bool:
        return self.final != self.after_penalty


def apply_policies(
    raw: int,
    *,
    attempt: int = 1,
    words: int | None = None,
    word_limit: int | None = None,
    tolerance_percent: int = 10,
    over_length_penalty: int = 10,
    pass_mark: int = 50,
) -> MarkResult:
    """The mark a participant gets: raw, then the word-count penalty, then the resubmission cap."""
    check_mark(raw)
    notes = []
    after = raw
    if words is not None and word_limit:
        allowed = word_limit + word_limit * tolerance_percent // 100
        if words > allowed:
            after = max(0, raw - over_length_penalty)
            notes.append(
                f"{words:,} words is over the {word_limit:,}-word limit and its {tolerance_percent}% "
                f"tolerance ({allowed:,}): {over_length_penalty} marks deducted."
            )
    final = after
    if attempt > 1 and after > pass_mark:
        final = pass_mark
        notes.append(f"A resubmission is capped at the pass mark ({pass_mark}).")
    return MarkResult(raw, after, final, notes)


def moderation_sample(marks: Iterable[tuple[int, int, int]], *, percent: int = 10, pass_mark: int = 50) -> set[int]:
    """Which submissions a second marker sees: [(submission id, marker id, mark)] → ids.

    All fails, all 70+, every mark within 2 of a band boundary, and at least ``percent`` of each marker's
    work (at least one), chosen by a stable hash so the sample does not change between runs.
    """
    marks = list(marks)
    chosen = {
        sid
        for sid, _, mark in marks
        if not passes(mark, pass_mark) or mark >= 70 or any(abs(mark - b) <= 2 for b in (*BOUNDARIES, pass_mark))
    }
    by_marker: dict[int, list[int]] = {}
    for sid, marker, _ in marks:
        by_marker.setdefault(marker, []).append(sid)
    for sids in by_marker.values():
        wanted = max(1, -(-len(sids) * percent // 100)) if percent else 0
        already = [s for s in sids if s in chosen]
        rest = sorted((s for s in sids if s not in chosen), key=lambda s: hashlib.sha256(str(s).encode()).hexdigest())
        chosen.update(rest[: max(0, wanted - len(already))])
    return chosen


def needs_third_marker(first: int, second: int, *, threshold: int = 10, pass_mark: int = 50) -> bool:
    """First and second markers more than ``threshold`` apart, or either side of the pass mark, go to a third."""
    apart = abs(check_mark(first) - check_mark(second)) > threshold
    return apart or passes(first, pass_mark) != passes(second, pass_mark)


def pass_fail_sample(results: Iterable[tuple[int, int, bool]], *, percent: int = 10) -> set[int]:
    """Which pass/fail results (the case study) a second marker sees: [(submission id, marker id, passed)] →
    ids. Every fail, and at least ``percent`` of each marker's passes (at least one), by a stable hash."""
    results = list(results)
    chosen = {sid for sid, _, passed in results if not passed}
    by_marker: dict[int, list[int]] = {}
    for sid, marker, passed in results:
        if passed:
            by_marker.setdefault(marker, []).append(sid)
    for sids in by_marker.values():
        wanted = max(1, -(-len(sids) * percent // 100)) if percent else 0
        rest = sorted(sids, key=lambda s: hashlib.sha256(str(s).encode()).hexdigest())
        chosen.update(rest[:wanted])
    return chosen
