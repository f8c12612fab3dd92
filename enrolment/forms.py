"""Forms for teachers and headteachers: they validate and explain; services change state."""

import datetime as dt

from django import forms
from django.utils import timezone

from .eligibility import ASPIRING, DESIGNATED, EYTS, HEADTEACHER, NONE, QTLS, QTS, Facts

QUALIFIED_STATUS = [
    (QTS, "Qualified teacher status (QTS)"),
    (QTLS, "Qualified teacher learning and skills (QTLS)"),
    (EYTS, "Early years teacher status (EYTS)"),
    (NONE, "None of these"),
]
ROLES = [
    (DESIGNATED, "I am my school's designated SENCO"),
    (ASPIRING, "I am an aspiring SENCO (not yet designated)"),
    (HEADTEACHER, "I am the headteacher or acting headteacher"),
]
INDUCTION = [("yes", "Yes"), ("no", "No, not yet"), ("n/a", "It does not apply to me")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TeacherFactsForm(forms.Form):
    """The questions behind eligibility and the statutory deadline, with plausibility checks."""

    qualified_status = forms.ChoiceField(
        label="Which teaching qualification do you hold?", choices=QUALIFIED_STATUS, widget=forms.RadioSelect
    )
    qualified_on = forms.DateField(
        label="When did you gain it?",
        required=False,
        widget=DateInput,
        help_text="The date on your certificate or the Teaching Regulation Agency record.",
    )
    induction = forms.ChoiceField(
        label="Have you completed statutory induction?",
        choices=INDUCTION,
        widget=forms.RadioSelect,
        required=False,
        help_text="Induction applies to QTS gained on or after 7 May 1999, not to QTLS.",
    )
    role = forms.ChoiceField(label="Your role at school", choices=ROLES, widget=forms.RadioSelect)
    school_supports = forms.BooleanField(
        label="My school will support me to work with the designated SENCO and meet every learning outcome",
        required=False,
    )
    early_years_setting = forms.BooleanField(
        label="My setting is an early years (0–5) setting", required=False
    )
    appointed_on = forms.DateField(
        label="When were you appointed SENCO?",
        required=False,
        widget=DateInput,
        help_text="Leave empty if you have not been appointed yet.",
    )
    months_previously_senco = forms.IntegerField(
        label="Months you had already served as a SENCO, at this or another school, before this appointment",
        min_value=0,
        max_value=480,
        initial=0,
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        qualified_on, appointed_on = data.get("qualified_on"), data.get("appointed_on")
        status = data.get("qualified_status")
        if qualified_on and qualified_on > today:
            self.add_error("qualified_on", "This date is in the future. Enter the date you gained it.")
        if status and status != NONE and not qualified_on and "qualified_on" not in self.errors:
            self.add_error(
                "qualified_on", "Enter the date you gained it: it decides whether induction applies."
            )
        if appointed_on and appointed_on > today:
            self.add_error(
                "appointed_on",
                "This date is in the future. Enter the date you became SENCO, or leave "
                "it empty if you have not been appointed yet.",
            )
        if appointed_on and qualified_on and appointed_on < qualified_on and data.get("role") != HEADTEACHER:
            self.add_error(
                "appointed_on",
                f"You were appointed SENCO before you qualified ({qualified_on:%d/%m/%Y}). "
                "A SENCO must be a qualified teacher: check both dates.",
            )
        if data.get("role") == DESIGNATED and not appointed_on and "appointed_on" not in self.errors:
            self.add_error("appointed_on", "Enter the date you were appointed SENCO.")
        return data

    def facts(self, *, qualification: str = "NASENCO", course_starts: dt.date | None = None) -> Facts:
        data = self.cleaned_data
        return Facts(
            qualified_status=data["qualified_status"],
            qualified_on=data.get("qualified_on"),
            induction_completed={"yes": True, "no": False}.get(data.get("induction") or ""),
            role=data["role"],
            school_supports=data.get("school_supports", False),
            early_years_setting=data.get("early_years_setting", False),
            qualification=qualification,
            course_starts=course_starts,
        )


class EligibilityCheckForm(TeacherFactsForm):
    """The public "check your eligibility" page: the same questions, and the course in mind."""

    cohort = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Which course are you thinking of?",
        empty_label="I have not chosen yet (a course starting now)",
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: (
            f"{c.provider.name}: {c.name} ({c.programme.get_qualification_display()}, {c.academic_year})"
        )
