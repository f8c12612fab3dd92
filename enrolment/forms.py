"""Forms for teachers and headteachers: they validate and explain; services change state."""

import datetime as dt

from django import forms
from django.utils import timezone

from .eligibility import ASPIRING, DESIGNATED, EYTS, HEADTEACHER, NONE, QTLS, QTS, Facts
from .models import School

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
    early_years_setting = forms.BooleanField(label="My setting is an early years (0–5) setting", required=False)
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
            self.add_error("qualified_on", "Enter the date you gained it: it decides whether induction applies.")
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


class ApplicationForm(TeacherFactsForm):
    """Everything an application needs: the facts above, the school, and who will sign the declaration."""

    trn = forms.RegexField(
        label="Teacher reference number (TRN)",
        regex=r"^\d{7}$",
        required=False,
        help_text="Seven digits, on your QTS certificate or payslip. Leave empty if you have none.",
        error_messages={"invalid": "A teacher reference number is seven digits, like 1234567."},
    )
    school_name = forms.CharField(label="School or setting", max_length=200)
    school_urn = forms.RegexField(
        label="School URN",
        regex=r"^\d{6}$",
        required=False,
        help_text="Six digits, from Get Information about Schools. Optional, but it saves typing errors.",
        error_messages={"invalid": "A URN is six digits, like 100000."},
    )
    school_phase = forms.ChoiceField(label="Phase", choices=School.Phase.choices)
    school_local_authority = forms.CharField(label="Local authority", max_length=100, required=False)
    school_postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    headteacher_name = forms.CharField(label="Your headteacher's name", max_length=150)
    headteacher_email = forms.EmailField(
        label="Your headteacher's email address",
        help_text="We email them a private link to the declaration they sign by hand.",
    )

    field_order = [
        "qualified_status",
        "qualified_on",
        "trn",
        "induction",
        "role",
        "school_supports",
        "appointed_on",
        "months_previously_senco",
        "school_name",
        "school_urn",
        "school_phase",
        "school_local_authority",
        "school_postcode",
        "early_years_setting",
        "headteacher_name",
        "headteacher_email",
    ]

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        super().__init__(*args, **kwargs)
        del self.fields["early_years_setting"]  # the school's phase says it

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
        data = self.cleaned_data
        return {
            "trn": data.get("trn") or "",
            "qualified_status": data["qualified_status"],
            "qualified_on": data.get("qualified_on"),
            "induction_completed": {"yes": True, "no": False}.get(data.get("induction") or ""),
            "role": data["role"],
            "school_supports": data.get("school_supports", False),
            "appointed_senco_on": data.get("appointed_on"),
            "months_previously_senco": data["months_previously_senco"],
        }

    def school_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["school_name"],
            "urn": data.get("school_urn") or "",
            "phase": data["school_phase"],
            "local_authority": data.get("school_local_authority", ""),
            "postcode": (data.get("school_postcode") or "").upper(),
        }

    @staticmethod
    def initial_from(profile, enrolment) -> dict:
        initial = {}
        if profile is not None:
            initial.update(
                {
                    "qualified_status": profile.qualified_status,
                    "qualified_on": profile.qualified_on,
                    "trn": profile.trn,
                    "role": profile.role,
                    "school_supports": profile.school_supports,
                    "induction": {True: "yes", False: "no", None: "n/a"}[profile.induction_completed],
                    "appointed_on": profile.appointed_senco_on,
                    "months_previously_senco": profile.months_previously_senco,
                }
            )
            if profile.school:
                initial.update(
                    {
                        "school_name": profile.school.name,
                        "school_urn": profile.school.urn,
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
        from nasenco.files.uploads import check_upload

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
