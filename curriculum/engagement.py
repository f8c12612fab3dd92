"""The engagement rule, pure: sessions attended and self-study completed against a programme's thresholds.

NPQ lead providers set both thresholds (for example 90% of sessions and 90% of self-study) and a participant
sits the assessment only once both are met. Shares are exact: 26 of 29 sessions is 89.7%, below 90%."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Engagement:
    attended: int
    days: int
    attendance_minimum: int
    units_done: int
    units: int
    self_study_minimum: int

    @property
    def attendance_percent(self) -> int:
        return self.attended * 100 // self.days if self.days else 0

    @property
    def self_study_percent(self) -> int:
        return self.units_done * 100 // self.units if self.units else 100

    @property
    def attendance_met(self) -> bool:
        return self.attended * 100 >= self.attendance_minimum * self.days

    @property
    def self_study_met(self) -> bool:
        return self.units_done * 100 >= self.self_study_minimum * self.units

    @property
    def met(self) -> bool:
        return self.attendance_met and self.self_study_met

    @property
    def reasons(self) -> list[str]:
        """What is short, in plain words; empty when both thresholds are met."""
        short = []
        if not self.attendance_met:
            short.append(
                f"sessions attended: {self.attended} of {self.days} ({self.attendance_percent}%), "
                f"{self.attendance_minimum}% needed"
            )
        if not self.self_study_met:
            short.append(
                f"self-study completed: {self.units_done} of {self.units} units ({self.self_study_percent}%), "
                f"{self.self_study_minimum}% needed"
            )
        return short

    def refusal(self) -> str:
        """Why work cannot be handed in yet; "" when it can."""
        if self.met:
            return ""
        return "You can hand in once your engagement meets the programme's thresholds. Still short: " + (
            "; ".join(self.reasons) + "."
        )
