from django import forms
from django.conf import settings
from django.utils import timezone

from enrolment.forms import DateInput
from nasenco.files.uploads import check_evidence_upload

from .models import Evidence, Mapping, Outcome, SelfEvaluation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class EvidenceForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text, JPEG or PNG. "
        "Photos are saved without their hidden details (camera, location).",
    )
    pupils_not_identifiable = forms.BooleanField(
        label="I have checked that no pupil can be identified in this item or its files",
        error_messages={"required": "Confirm that no pupil can be identified before saving: anonymise first."},
    )

    class Meta:
        model = Evidence
        fields = ["title", "kind", "activity_date", "reflection", "pupils_not_identifiable"]
        widgets = {"activity_date": DateInput(), "reflection": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text.replace(
            "JPEG or PNG.", f"JPEG or PNG, up to {settings.EVIDENCE_MAX_UPLOAD_MB} MB each."
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_files(self):
        checked = []
        errors = []
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > settings.EVIDENCE_MAX_FILES_PER_SAVE:
            raise forms.ValidationError(
                f"Add at most {settings.EVIDENCE_MAX_FILES_PER_SAVE} files at a time: save this item, then add the "
                "rest by editing it."
            )
        for upload in uploads:
            try:
                limit = settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024
                checked.append((upload, check_evidence_upload(upload, max_bytes=limit)))
            except forms.ValidationError as error:
                errors.append(f"{upload.name}: {error.messages[0]}")
        if errors:
            raise forms.ValidationError(errors)
        return checked


class MappingForm(forms.Form):
    outcome = forms.ModelChoiceField(queryset=Outcome.objects.none(), label="Learning outcome")
    justification = forms.CharField(
        label="How this item evidences it",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A sentence or two your tutor can check against the outcome.",
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        field.queryset = Outcome.objects.filter(framework=framework).select_related("part")
        field.label_from_instance = lambda o: f"{o.code} — {o.text}"
        field.error_messages["invalid_choice"] = (
            f"That outcome is not part of your portfolio's framework ({framework}). Choose one from the list."
        )


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[(Mapping.Status.ACCEPTED, "Accept"), (Mapping.Status.MORE_NEEDED, "More needed")],
    )
    comment = forms.CharField(
        label="Comment for the participant", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class JournalForm(forms.Form):
    written_on = forms.DateField(label="Date", widget=DateInput())
    title = forms.CharField(max_length=200)
    body = forms.CharField(label="Reflection", widget=forms.Textarea(attrs={"rows": 6}))
    teaching_day = forms.ModelChoiceField(
        queryset=None, required=False, label="About a teaching session (optional)", empty_label="Not about one session"
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate  # most entries are written on the day
        self.fields["teaching_day"].queryset = days
        self.fields["teaching_day"].label_from_instance = lambda d: f"{d.label}, {d.date.day} {d.date:%B %Y}"


class SelfEvaluationForm(forms.Form):
    """One rating per outcome for the chosen stage."""

    def __init__(self, *args, outcomes, current: dict, **kwargs):
        super().__init__(*args, **kwargs)

        self.outcomes = list(outcomes)
        for outcome in self.outcomes:
            self.fields[f"o{outcome.pk}"] = forms.TypedChoiceField(
                label=f"{outcome.code} {outcome.text}",
                coerce=int,
                required=False,
                widget=forms.Select,
                choices=[("", "Not rated"), *SelfEvaluation.RATINGS],
                initial=current.get(outcome.pk),
            )

    def ratings(self) -> dict:
        return {o: self.cleaned_data[f"o{o.pk}"] for o in self.outcomes if self.cleaned_data.get(f"o{o.pk}")}
