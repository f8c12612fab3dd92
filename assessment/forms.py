from django import forms

from nasenco.files.uploads import check_evidence_upload
from nasenco.widgets import DateInput

from .marks import band_mark, bands, check_band
from .models import Adjustment, Component
from .sittings import when


class SubmissionForm(forms.Form):
    file = forms.FileField(
        label="Your work",
        help_text="PDF or Word (DOCX), up to 20 MB.",
        error_messages={"empty": "The file is empty. Choose your work again."},
    )
    word_count = forms.IntegerField(
        label="Word count",
        min_value=1,
        max_value=100_000,
        required=False,
        help_text="As your word processor counts it, excluding references and appendices. We count the words in "
        "your file as you choose it: check that count and correct it if yours differs.",
    )
    own_work = forms.BooleanField(
        label="This is my own work; where I use others' words or ideas, I say so.",
        error_messages={"required": "Confirm the work is your own before submitting."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_evidence_upload(upload, max_bytes=20 * 1024 * 1024)
        if self.checked.extension not in ("pdf", "docx", "odt"):
            raise forms.ValidationError("Hand in your work as a PDF or a Word (DOCX) document.")
        return upload


class ExtensionForm(forms.Form):
    until = forms.DateField(label="Until when", widget=DateInput())
    reason = forms.CharField(label="Why you need more time", widget=forms.Textarea(attrs={"rows": 3}))


class MarkForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    feedback = forms.CharField(label="Feedback for the participant", widget=forms.Textarea(attrs={"rows": 6}))
    feedback_file = forms.FileField(
        label="Annotated copy (optional)",
        required=False,
        help_text="The work with your comments on it, as PDF or Word; returned with the mark.",
    )

    def clean_feedback_file(self):
        upload = self.cleaned_data.get("feedback_file")
        if upload:
            self.feedback_checked = check_evidence_upload(upload, max_bytes=20 * 1024 * 1024)
            if self.feedback_checked.extension not in ("pdf", "docx", "odt"):
                raise forms.ValidationError("Return the annotated copy as a PDF or Word (DOCX) document.")
        return upload

    def __init__(self, *args, component, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(component.criteria.all())
        self.pass_mark = component.pass_mark
        self.band_choices = [(b.label, b.label) for b in bands(component.pass_mark)]
        if component.kind == component.Kind.LEVEL_7:
            for criterion in self.criteria:
                self.fields[f"b{criterion.pk}"] = forms.ChoiceField(
                    label=f"Band for {criterion.title}",
                    choices=self.band_choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                    label=f"{criterion.title} ({criterion.weight}%)",
                    min_value=0,
                    max_value=100,
                    required=False,
                    error_messages={"min_value": "A mark is from 0 to 100.", "max_value": "A mark is from 0 to 100."},
                )
                self.fields[f"f{criterion.pk}"] = forms.CharField(
                    label=f"Feedback on {criterion.title} (optional)",
                    required=False,
                    max_length=3000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        else:
            self.fields["passed"] = forms.TypedChoiceField(
                label="Outcome",
                choices=[("1", "Pass"), ("0", "Fail")],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
            )

    def clean(self):
        """Each criterion needs a band or a mark: a band alone gives its usual mark (``marks.band_mark``); a
        band and a mark must agree (``marks.check_band``)."""
        data = super().clean()
        for criterion in self.criteria:
            mark, band = data.get(f"c{criterion.pk}"), data.get(f"b{criterion.pk}")
            if f"c{criterion.pk}" in self.errors:
                continue
            if mark is None and not band:
                self.add_error(f"c{criterion.pk}", f"Choose a band or enter a mark for {criterion.title}.")
            elif mark is None:
                data[f"c{criterion.pk}"] = band_mark(band, self.pass_mark)
            elif band:
                try:
                    check_band(mark, band, self.pass_mark)
                except ValueError as error:
                    self.add_error(f"c{criterion.pk}", str(error))
        return data

    def criterion_marks(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria if f"c{c.pk}" in self.cleaned_data}

    def criterion_feedback(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"f{c.pk}", "").strip() for c in self.criteria}

    def rubric_rows(self):
        """Per criterion: the criterion, its band radios (with each band's descriptor), mark and feedback."""
        for criterion in self.criteria:
            band_field = self[f"b{criterion.pk}"]
            cells = [
                {
                    "radio": radio,
                    "descriptor": criterion.descriptors.get(radio.data["value"], ""),
                    "mark": band_mark(radio.data["value"], self.pass_mark),
                }
                for radio in band_field
            ]
            yield {
                "criterion": criterion,
                "band": band_field,
                "cells": cells,
                "mark": self[f"c{criterion.pk}"],
                "feedback": self[f"f{criterion.pk}"],
            }


MARK_ERRORS = {
    "required": "Enter a mark from 0 to 100.",
    "invalid": "A mark is a whole number from 0 to 100.",
    "min_value": "A mark is a whole number from 0 to 100.",
    "max_value": "A mark is a whole number from 0 to 100.",
}


class ModerationForm(forms.Form):
    """A second or third marker's mark, given blind."""

    mark = forms.IntegerField(label="Your mark (0–100)", min_value=0, max_value=100, error_messages=MARK_ERRORS)
    comment = forms.CharField(
        label="Comment for the exam board", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, pass_fail: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if pass_fail:  # the case study: the second marker's own judgement, pass or fail
            self.fields["mark"] = forms.TypedChoiceField(
                label="Your judgement", choices=[("1", "Pass"), ("0", "Fail")], coerce=int, widget=forms.RadioSelect
            )


class AutosaveForm(forms.Form):
    """What the marking screen sends as the marker types: a draft, so every mark may still be empty."""

    version = forms.IntegerField()
    feedback = forms.CharField(required=False)

    def __init__(self, *args, component, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(component.criteria.all())
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(required=False, min_value=0, max_value=100)
            self.fields[f"f{criterion.pk}"] = forms.CharField(required=False, max_length=3000)

    def criterion_feedback(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"f{c.pk}", "").strip() for c in self.criteria}

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:  # a half-typed mark is left out of the draft, not refused
            self.errors.pop(f"c{criterion.pk}", None)
        return data

    def criterion_marks(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria if self.cleaned_data.get(f"c{c.pk}") is not None
        }


class ComponentSettingsForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = [
            "pass_mark",
            "word_limit",
            "word_tolerance_percent",
            "over_length_penalty",
            "moderation_percent",
            "anonymous_marking",
            "mentor_marks",
            "due_weeks",
            "appeal_days",
        ]
        labels = {
            "pass_mark": "Pass mark",
            "word_limit": "Word limit",
            "word_tolerance_percent": "Words allowed over the limit (%)",
            "over_length_penalty": "Marks deducted beyond that",
            "moderation_percent": "Share of each marker's work second-marked (%)",
            "anonymous_marking": "Mark anonymously (markers see a candidate number, not a name)",
            "mentor_marks": "The participant's school-based mentor marks this component",
            "due_weeks": "Usually due (weeks after a cohort's first session)",
        }
        help_texts = {
            "word_limit": "Leave empty for no limit.",
            "mentor_marks": "Work handed in goes to the mentor; moderation and release as usual.",
        }


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label="Opens (UK time)", widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"],
        help_text="The brief is shown to the cohort from this moment.",
    )  # fmt: skip
    closes_at = forms.DateTimeField(
        label="Closes (UK time)", widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"],
        help_text="Work handed in after this is refused, except with approved extra time.",
    )  # fmt: skip
    brief = forms.CharField(label="The brief", widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)


class AdjustmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What you need", choices=Adjustment.Kind.choices, widget=forms.RadioSelect,
        help_text="A later window is for extenuating circumstances (illness, bereavement, a crisis at school); "
        "the missed window then does not count as an attempt.",
    )  # fmt: skip
    extra_minutes = forms.IntegerField(
        label="Extra time (minutes)", required=False, min_value=15, max_value=7 * 24 * 60,
        help_text="Only for extra time: as your access arrangements say.",
    )  # fmt: skip
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AdjustmentDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Refuse")], coerce=lambda v: v == "1", widget=forms.RadioSelect,
        label="Decision",
    )  # fmt: skip
    window = forms.ModelChoiceField(queryset=None, required=False, label="The later window they will sit")
    note = forms.CharField(required=False, label="Note to the participant", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, windows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows
        self.fields["window"].label_from_instance = lambda w: f"Opens {when(w.opens_at)}"


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label="Your grounds for appeal", widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000,
        help_text="What you believe went wrong in the marking or the process, with anything that shows it.",
    )  # fmt: skip


class AppealDecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        choices=[("1", "Uphold: the result becomes a pass"), ("0", "Dismiss: the result stands")],
        coerce=lambda v: v == "1", widget=forms.RadioSelect, label="Decision",
    )  # fmt: skip
    decision = forms.CharField(
        label="Your reasons (sent to the participant)", widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
