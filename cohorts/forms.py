"""Forms validate input and say what is wrong next to the field; the services change state."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.forms import BaseInlineFormSet, inlineformset_factory

from nasenco.files.uploads import JPEG, PNG, check_upload
from nasenco.widgets import DateInput

from .models import Attendance, Cohort, Membership, Programme, Provider, TeachingDay, Venue
from .selectors import tutors_of, venues_of
from .services import DayInput
from .services.setup import PROVIDER_SETTINGS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class CohortForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    notify = forms.BooleanField(
        required=False,
        initial=True,
        label="Email participants about changed dates, times and places",
        help_text="Only for a cohort that is open or running. Their calendars update either way.",
    )
    confirm_warnings = forms.BooleanField(
        required=False, label="I have checked the warnings above; save the timetable as it is"
    )

    class Meta:
        model = Cohort
        fields = ["name", "academic_year", "delivery", "capacity", "tutors", "notes"]
        widgets = {"tutors": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"academic_year": "Written like 2023-24."}

    def __init__(self, *args, provider_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutors"].queryset = tutors_of(provider_id)
        self.fields["tutors"].help_text = "Tutors are staff of your provider with the tutor role."
        if not self.fields["tutors"].queryset.exists():
            self.fields["tutors"].help_text = "Your provider has no tutors yet: invite them under Staff."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_academic_year(self):
        value = self.cleaned_data["academic_year"].strip()
        start, _, end = value.partition("-")
        if not (
            start.isdigit()
            and end.isdigit()
            and len(start) == 4
            and len(end) == 2
            and (int(start) + 1) % 100 == int(end)
        ):
            raise forms.ValidationError("Write the academic year as two consecutive years, like 2023-24.")
        return value


class ProposeDatesForm(forms.Form):
    """A pattern for the timetable's dates; the proposal fills the form, and nothing is saved until Save."""

    first = forms.DateField(label="First session on", widget=DateInput())
    every_weeks = forms.IntegerField(
        label="Then every (weeks)", min_value=1, max_value=12, initial=4, help_text="On the same weekday."
    )
    skip_school_holidays = forms.BooleanField(
        label="Skip school holidays as well as bank holidays",
        required=False,
        initial=True,
        help_text="The usual English pattern: half-terms, Christmas, Easter and summer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="propose_%s", **kwargs)


class TeachingDayForm(forms.ModelForm):
    joining_link = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Joining link",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": "Enter the full joining link, starting https://"},
    )

    class Meta:
        model = TeachingDay
        fields = ["number", "date", "start_time", "end_time", "mode", "venue", "joining_link", "topics"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "number": forms.NumberInput(attrs={"min": 0, "max": 30, "class": "narrow"}),
            "topics": forms.TextInput(),
        }
        error_messages = {
            "date": {"invalid": "Enter a real date, like 5 October 2023."},
            "start_time": {"invalid": "Enter a time like 09:30."},
            "end_time": {"invalid": "Enter a time like 15:30."},
        }

    def __init__(self, *args, provider_id=None, venues=None, mode=TeachingDay.Mode.VIRTUAL, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
        self.fields["mode"].choices = TeachingDay.Mode.choices  # no blank: every session is one or the other
        self.fields["mode"].initial = mode  # the programme's usual mode (selectors.usual_mode)
        self.fields["venue"].queryset = venues_of(provider_id)
        if venues is not None:  # read once for the whole timetable, not once per row
            self.fields["venue"].choices = [("", "---------"), *((v.pk, str(v)) for v in venues)]
        self.fields["venue"].required = False
        self.fields["number"].required = False
        self.fields["date"].required = False

    # Numbers, order, venues and links are checked across the whole timetable by cohorts.timetable, in
    # one pass with messages next to the field. The model's own checks would report the same problems in
    # other words, or wrongly while days are being renumbered; the database constraints stay as a backstop.
    def validate_unique(self):
        pass

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "venue", "mode"}

    @property
    def label(self) -> str:
        number = self["number"].value()
        return "Orientation" if str(number) == "0" else f"Day {number}" if number not in (None, "") else "New session"


class BaseDayFormSet(BaseInlineFormSet):
    def __init__(self, *args, provider_id, mode=TeachingDay.Mode.VIRTUAL, **kwargs):
        self.provider_id, self.mode = provider_id, mode
        self.venues = list(venues_of(provider_id))
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def validate_unique(self):
        pass  # see TeachingDayForm.validate_unique

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "provider_id": self.provider_id,
            "venues": self.venues,
            "mode": self.mode,
        }

    def error_lines(self) -> list[tuple[str, str]]:
        """(field id, "Day 3, joining link: …") for every error on a single session, for the summary."""
        lines = []
        for form in self.forms:
            if not form.errors:
                continue
            number = form.data.get(form.add_prefix("number")) or form.initial.get("number")
            label = "Orientation" if str(number) == "0" else (f"Day {number}" if number else "A new session")
            for field, errors in form.errors.items():
                where = f"{label}, {form.fields[field].label.lower()}" if field in form.fields else label
                anchor = form[field].id_for_label if field in form.fields else ""
                lines += [(anchor, f"{where}: {error}") for error in errors]
        return lines

    def rows(self) -> list[tuple[forms.Form, DayInput]]:
        """Each filled-in form with the row it becomes (blank extra forms are left out)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            data = getattr(form, "cleaned_data", {})
            rows.append(
                (
                    form,
                    DayInput(
                        number=data.get("number"),
                        date=data.get("date"),
                        start_time=data.get("start_time"),
                        end_time=data.get("end_time"),
                        mode=data.get("mode") or TeachingDay.Mode.VIRTUAL,
                        venue=data.get("venue"),
                        joining_link=data.get("joining_link") or "",
                        topics=data.get("topics") or "",
                        pk=form.instance.pk,
                        delete=bool(data.get("DELETE")),
                    ),
                )
            )
        return rows


def day_formset(*, extra: int):
    """The timetable formset; a new cohort starts with one blank row per session the programme proposes."""
    return inlineformset_factory(
        Cohort, TeachingDay, form=TeachingDayForm, formset=BaseDayFormSet, extra=extra, can_delete=True
    )


class RegisterForm(forms.Form):
    """One radio group and an optional note per person on the register."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            person = row["participant"]
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row["status"] or None,
            )
            self.fields[f"n{person.pk}"] = forms.CharField(
                label=f"Note about {person.full_name}",
                required=False,
                max_length=200,
                initial=row.get("note", ""),
                error_messages={"max_length": "Keep the note to 200 characters (this one has %(show_value)d)."},
            )

    def marks(self, *, everyone_present: bool = False) -> dict[int, str]:
        """The marks chosen; with ``everyone_present``, anyone not yet marked is marked present."""
        marks = {int(name[1:]): value for name, value in self.cleaned_data.items() if name[0] == "p" and value}
        if everyone_present:
            for row in self.rows:
                marks.setdefault(row["participant"].pk, row["status"] or Attendance.Status.PRESENT)
        return marks

    def notes(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name[0] == "n"}

    def bound_rows(self):
        for row in self.rows:
            pk = row["participant"].pk
            yield row, self[f"p{pk}"], self[f"n{pk}"]


class CatchUpForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=None, label="Participant who missed a day")
    day = forms.ModelChoiceField(queryset=None, label="Session to attend instead")

    def __init__(self, *args, participants, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["day"].queryset = days
        self.fields["day"].label_from_instance = lambda day: (
            f"Day {day.number}: {day.cohort.name}, {day.date:%A} {day.date.day} {day.date:%B %Y}"
            f" ({'virtual' if day.mode == TeachingDay.Mode.VIRTUAL else day.venue.name})"
        )


class ProviderScopedForm(forms.ModelForm):
    """A form for something a provider owns; the provider can only be one the admin runs."""

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.only_provider = providers.first() if len(providers) == 1 else None
        if self.instance.pk or self.only_provider:
            # Nothing to choose: a venue or programme never moves, and an admin of one provider adds to it.
            del self.fields["provider"]

    def owner(self):
        return self.cleaned_data.get("provider") or self.only_provider


class InlineVenueForm(forms.Form):
    """A venue added from the timetable editor without leaving it (its own button; the cohort is not saved)."""

    name = forms.CharField(label="New venue", max_length=200, help_text="Its name, as people know it.")
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()


class VenueForm(ProviderScopedForm):
    class Meta:
        model = Venue
        fields = ["provider", "name", "address", "postcode"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()


class ProgrammeForm(ProviderScopedForm):
    class Meta:
        model = Programme
        fields = [
            "provider",
            "title",
            "qualification",
            "credits",
            "teaching_days",
            "has_orientation",
            "default_start_time",
            "default_end_time",
            "submission_window_months",
            "minimum_attendance_percent",
            "fee",
            "accepts_qtls",
            "accepts_eyts",
            "eyts_early_years_only",
            "aspiring_needs_support",
            "heads_need_teaching_status",
        ]
        widgets = {"default_start_time": TimeInput(), "default_end_time": TimeInput()}
        help_texts = {
            "accepts_qtls": "The statutory minimum (SEND Regulations 2014, reg. 49(2)): QTS, or QTLS while a member "
            "of the Society for Education and Training, with induction completed where required; or the "
            "headteacher (reg. 49(3)). Your terms may be stricter, never looser.",
            "eyts_early_years_only": "EYTS is not QTS: an EYTS holder cannot be the SENCO of a mainstream school or "
            "maintained nursery school (reg. 49(2)(a)). Scope is your rule; it is printed on the certificate.",
        }
        labels = {"has_orientation": "Starts with an orientation session", "fee": "Fee (£, before VAT)"}

    def clean(self):
        data = super().clean()
        start, end = data.get("default_start_time"), data.get("default_end_time")
        if (start is None) != (end is None):
            self.add_error(
                "default_end_time" if end is None else "default_start_time",
                "Give both a start and an end time, or leave both empty.",
            )
        elif start and end and end <= start:
            self.add_error("default_end_time", f"The end time must be after the start time ({start:%H:%M}).")
        return data


class ActivityFilterForm(forms.Form):
    """The activity log's filters (GET). Every field is optional; a bad date says so and filters nothing."""

    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False, empty_label="All")
    who = forms.CharField(label="Who", required=False, max_length=100)
    text = forms.CharField(label="Object or words", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind", required=False)
    since = forms.DateField(label="From", required=False, widget=DateInput)
    until = forms.DateField(label="To", required=False, widget=DateInput)
    object = forms.CharField(required=False, widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args, providers, kinds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if len(providers) < 2:
            del self.fields["provider"]
        self.fields["kind"].choices = [("", "Any"), *kinds.items()]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The end date is before the start date.")
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Membership.Role.choices, initial=Membership.Role.TUTOR)
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label="Provider")
    cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        label="Cohorts the examiner sees",
        help_text="External examiners only: they see these cohorts' moderation sample, work and reports.",
        widget=forms.CheckboxSelectMultiple,
    )
    ends_on = forms.DateField(
        label="Access ends on", required=False, widget=DateInput, help_text="External examiners only."
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["cohorts"].queryset = Cohort.objects.filter(provider__in=providers).order_by(
            "-academic_year", "name"
        )
        if len(providers) == 1:  # one provider: nothing to choose
            self.fields["provider"].initial = providers[0].pk
            self.fields["provider"].widget = forms.HiddenInput()


class JoinForm(BaseUserCreationForm):
    """Someone invited without an account: their name and a password (the address is the invitation's)."""

    class Meta:
        model = get_user_model()
        fields = ["full_name"]
        labels = {"full_name": "Your full name"}

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        self.fields["password1"].label = "Choose a password"
        self.fields["password2"].label = "The same password again"


class ProviderForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)
    logo_file = forms.FileField(
        label="Logo for certificates (PNG or JPEG)", required=False, help_text="Leave empty to keep the current one."
    )

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        return upload, check_upload(upload, allowed=(PNG, JPEG), max_bytes=2 * 1024 * 1024)

    class Meta:
        model = Provider
        fields = list(PROVIDER_SETTINGS)
        labels = {
            "name": "Name, as participants see it",
            "accrediting_university": "Accrediting university",
            "contact_email": "Contact email shown to participants",
            "reply_to": "Reply-to address for the portal's emails",
            "signatory_name": "Certificate signatory",
            "signatory_role": "Signatory's role",
            "dfe_delivery_partner_id": "DfE delivery-partner id (NPQ delivery partners only)",
        }


class PartnerForm(forms.Form):
    name = forms.CharField(max_length=200, label="The delivery partner's name")
    dfe_delivery_partner_id = forms.UUIDField(
        required=False, label="DfE delivery-partner id", help_text="From DfE's list of your delivery partners."
    )
