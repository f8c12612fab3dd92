"""Forms for teachers and headteachers: they validate and explain; services change state.

The questions behind the statutory answer may be left unanswered while a teacher saves a draft or checks
their eligibility: the answer then says what we still need to know. Only plausibility is checked here
(dates in the future, an appointment before qualifying); completeness is checked when they submit.
"""

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from nasenco.dates import long_date
from nasenco.files.uploads import check_upload
from nasenco.widgets import DateInput

from .choices import Induction, InductionExemption, QualifiedStatus, Role, Setting
from .models import School
from .statute import Facts, Spell

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class TeacherFactsForm(forms.Form):
    """The questions behind eligibility and the statutory deadline, with plausibility checks."""

    qualified_status = forms.ChoiceField(
        label="Which teaching qualification do you hold?",
        choices=QualifiedStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    qualified_on = forms.DateField(
        label="When did you gain it?",
        required=False,
        widget=DateInput,
        help_text="The date on your certificate or the Teaching Regulation Agency record.",
    )
    set_member = forms.ChoiceField(
        label="QTLS holders: are you a member of the Society for Education and Training (SET)?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text="QTLS counts as QTS in schools only while you are a member.",
    )
    induction = forms.ChoiceField(
        label="QTS holders: have you completed statutory induction?",
        choices=Induction.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Not needed if you were a qualified teacher on 7 May 1999.",
    )
    induction_exemption = forms.ChoiceField(
        label="If you are exempt from induction: why?",
        choices=[("", "Choose the exemption"), *InductionExemption.choices],
        required=False,
    )
    role = forms.ChoiceField(
        label="Your role at school", choices=Role.choices, widget=forms.RadioSelect, required=False
    )
    school_supports = forms.BooleanField(
        label="Aspiring SENCOs: my school will support me to work with the designated SENCO and meet every "
        "learning outcome",
        required=False,
    )
    setting = forms.ChoiceField(
        label="What kind of school or setting do you work in?",
        choices=[("", "Choose the kind of setting"), *Setting.choices],
        required=False,
        help_text="The statutory deadline applies only in mainstream schools and maintained nursery schools.",
    )
    appointed_on = forms.DateField(
        label="When did you become SENCO at this school?",
        required=False,
        widget=DateInput,
        help_text="Leave empty if you have not been appointed yet.",
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        qualified_on, appointed_on = data.get("qualified_on"), data.get("appointed_on")
        if qualified_on and qualified_on > today:
            self.add_error("qualified_on", "This date is in the future. Enter the date you gained it.")
        if appointed_on and appointed_on > today:
            self.add_error(
                "appointed_on",
                "This date is in the future. Enter the date you became SENCO, or leave "
                "it empty if you have not been appointed yet.",
            )
        if (
            appointed_on
            and qualified_on
            and appointed_on < qualified_on
            and data.get("role") != Role.HEADTEACHER
            and "appointed_on" not in self.errors
        ):
            self.add_error(
                "appointed_on",
                f"You became SENCO before you qualified ({long_date(qualified_on)}). "
                "A SENCO who is not the headteacher must be a qualified teacher: check both dates.",
            )
        if data.get("induction") == Induction.EXEMPT and not data.get("induction_exemption"):
            self.add_error("induction_exemption", "Choose the exemption that applies to you, from Schedule 1.")
        return data

    def profile_fields(self) -> dict:
        data = self.cleaned_data
        exempt = data.get("induction") == Induction.EXEMPT
        return {
            "qualified_status": data.get("qualified_status") or "",
            "qualified_on": data.get("qualified_on"),
            "induction": data.get("induction") or "",
            "induction_exemption": (data.get("induction_exemption") or "") if exempt else "",
            "set_member": _yes_no(data.get("set_member")),
            "role": data.get("role") or "",
            "school_supports": data.get("school_supports", False),
            "appointed_senco_on": data.get("appointed_on"),
        }

    def facts(self, spells: tuple[Spell, ...] = ()) -> Facts:
        fields = self.profile_fields()
        fields.pop("appointed_senco_on")
        return Facts(
            **fields,
            setting=self.cleaned_data.get("setting") or "",
            appointed_on=self.cleaned_data.get("appointed_on"),
            earlier_spells=spells,
        )


class SpellForm(forms.Form):
    """An earlier period as SENCO (at this or another school), before the current appointment."""

    started_on = forms.DateField(label="From", widget=DateInput, required=False)
    ended_on = forms.DateField(label="To", widget=DateInput, required=False)
    setting = forms.ChoiceField(
        label="Kind of setting",
        choices=[("", "Choose the kind of setting"), *Setting.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean(self):
        data = super().clean()
        started, ended, setting = data.get("started_on"), data.get("ended_on"), data.get("setting")
        if not (started or ended or setting):
            return data  # an empty row: ignored
        if not started:
            self.add_error("started_on", "Enter when this spell as SENCO began.")
        if not ended:
            self.add_error("ended_on", "Enter when this spell as SENCO ended.")
        if not setting:
            self.add_error("setting", "Choose the kind of setting: only some count.")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end is before the start: check both dates.")
        if ended and ended > timezone.localdate():
            self.add_error("ended_on", "This date is in the future: list only spells that have ended.")
        return data


class BaseSpellFormSet(forms.BaseFormSet):
    def spells(self) -> list[dict]:
        """The filled-in rows, as the profile service takes them."""
        return [
            {
                "started_on": f.cleaned_data["started_on"],
                "ended_on": f.cleaned_data["ended_on"],
                "setting": f.cleaned_data["setting"],
            }
            for f in self.forms
            if f.cleaned_data.get("started_on") and f.cleaned_data.get("ended_on") and f.cleaned_data.get("setting")
        ]

    def facts(self) -> tuple[Spell, ...]:
        return tuple(
            Spell(row["started_on"], row["ended_on"], row["setting"] in Setting.relevant()) for row in self.spells()
        )


SpellFormSet = formset_factory(SpellForm, formset=BaseSpellFormSet, extra=2, max_num=10, absolute_max=10)


def spell_initial(profile) -> list[dict]:
    if profile is None:
        return []
    return [
        {"started_on": spell.started_on, "ended_on": spell.ended_on, "setting": spell.setting}
        for spell in profile.spells.all()
    ]


class EligibilityCheckForm(TeacherFactsForm):
    """The public "check your eligibility" page: the same questions, and the course in mind."""

    cohort = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Which of their courses are you thinking of?",
        empty_label="None of these yet (a course starting now)",
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: (
            f"{c.name} ({c.programme.get_qualification_display()}, {c.academic_year})"
        )
        if not cohorts.exists():  # no provider chosen: the course is one starting now
            self.fields["cohort"].widget = forms.HiddenInput()

    def answers(self) -> dict:
        """The answers as text, to carry into sign-up and the application (kept in the session)."""
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in self.cleaned_data.items()
            if name != "cohort" and value not in (None, "", False)
        }


class ApplicationForm(TeacherFactsForm):
    """Everything an application needs: the facts above, the school, and who will sign the declaration.
    Every field may be left empty in a draft."""

    trn = forms.RegexField(
        label="Teacher reference number (TRN)",
        regex=r"^\d{7}$",
        required=False,
        help_text="Seven digits, on your QTS certificate or payslip. Leave empty if you have none.",
        error_messages={"invalid": "A teacher reference number is seven digits, like 1234567."},
    )
    school_name = forms.CharField(label="School or setting", max_length=200, required=False)
    school_urn = forms.RegexField(
        label="School URN",
        regex=r"^\d{6}$",
        required=False,
        help_text="Six digits, from Get Information about Schools. Optional, but it saves typing errors.",
        error_messages={"invalid": "A URN is six digits, like 100000."},
    )
    school_phase = forms.ChoiceField(
        label="Phase", choices=[("", "Choose the phase"), *School.Phase.choices], required=False
    )
    school_local_authority = forms.CharField(label="Local authority", max_length=100, required=False)
    school_postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    headteacher_name = forms.CharField(label="Your headteacher's name", max_length=150, required=False)
    headteacher_email = forms.EmailField(
        label="Your headteacher's email address",
        required=False,
        help_text="We email them a private link to the declaration they sign by hand.",
    )

    field_order = [
        "qualified_status",
        "qualified_on",
        "trn",
        "set_member",
        "induction",
        "induction_exemption",
        "role",
        "school_supports",
        "appointed_on",
        "school_name",
        "school_urn",
        "setting",
        "school_phase",
        "school_local_authority",
        "school_postcode",
        "headteacher_name",
        "headteacher_email",
    ]

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if (data.get("headteacher_email") or "").lower() == self.applicant.email.lower():
            self.add_error(
                "headteacher_email",
                "The declaration must come from your headteacher, not from you. "
                "If you are the headteacher, give your chair of governors.",
            )
        return data

    def profile_fields(self) -> dict:
        return {**super().profile_fields(), "trn": self.cleaned_data.get("trn") or ""}

    def school_fields(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("school_name"):
            return None
        return {
            "name": data["school_name"],
            "urn": data.get("school_urn") or "",
            "phase": data.get("school_phase") or School.Phase.OTHER,
            "setting": data.get("setting") or "",
            "local_authority": data.get("school_local_authority", ""),
            "postcode": (data.get("school_postcode") or "").upper(),
        }

    @staticmethod
    def initial_from(profile, enrolment, carried: dict | None = None) -> dict:
        """What the form starts with: the saved profile and draft, or else the answers carried from the
        public eligibility check."""
        initial = dict(carried or {}) if profile is None else {}
        if profile is not None:
            initial.update(
                {
                    "qualified_status": profile.qualified_status,
                    "qualified_on": profile.qualified_on,
                    "trn": profile.trn,
                    "set_member": {True: "yes", False: "no"}.get(profile.set_member, ""),
                    "induction": profile.induction,
                    "induction_exemption": profile.induction_exemption,
                    "role": profile.role,
                    "school_supports": profile.school_supports,
                    "appointed_on": profile.appointed_senco_on,
                }
            )
            if profile.school:
                initial.update(
                    {
                        "school_name": profile.school.name,
                        "school_urn": profile.school.urn,
                        "setting": profile.school.setting,
                        "school_phase": profile.school.phase,
                        "school_local_authority": profile.school.local_authority,
                        "school_postcode": profile.school.postcode,
                    }
                )
        if enrolment is not None:
            initial.update(
                {
                    "headteacher_name": enrolment.headteacher_name,
                    "headteacher_email": enrolment.headteacher_email,
                }
            )
        return initial


class DeclarationUploadForm(forms.Form):
    scan = forms.FileField(
        label="The signed declaration, scanned or photographed",
        help_text="A PDF, JPEG or PNG of the printed form with your handwritten signature, up to 10 MB.",
        error_messages={
            "empty": "The file is empty. Choose the scanned or photographed form and upload it again.",
            "required": "Choose the scanned or photographed form to upload.",
        },
    )
    signed_by = forms.CharField(label="Your name", max_length=150)
    dbs_confirmed = forms.BooleanField(
        label="I confirm the participant has an up-to-date DBS check (do not send or upload certificate details)",
        error_messages={"required": "Confirm the DBS check to continue; we record only that you confirmed it."},
    )
    handwritten = forms.BooleanField(
        label="I signed the form by hand (a typed signature is not accepted)",
        error_messages={"required": "The declaration must carry your handwritten signature."},
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        self.checked = check_upload(scan, max_bytes=self.MAX_BYTES)  # raises ValidationError with the reason
        return scan


class RejectDeclarationForm(forms.Form):
    reason = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to the headteacher with a link to upload a corrected form.",
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="Change to", choices=())
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Kept in the enrolment's history.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class TransferForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=None, label="Move the place to")
    reason = forms.CharField(label="Why", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: f"{c.name} ({c.academic_year}, {c.get_status_display()})"
