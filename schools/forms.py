from django import forms

from nasenco.widgets import DateInput
from portfolio.models import Evidence

from .models import BookletItem, MentorNote


class MentorForm(forms.Form):
    name = forms.CharField(label="Mentor's name", max_length=150)
    email = forms.EmailField(label="Mentor's email address", max_length=254)


class EntryForm(forms.Form):
    text = forms.CharField(
        label="What you did",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Up to 5,000 characters.",
    )
    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        label="Portfolio evidence that shows it",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, portfolio_evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = portfolio_evidence

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > 5000:
            raise forms.ValidationError(f"Keep it to 5,000 characters: this is {len(text):,}.")
        return text


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=MentorNote.Kind.choices)
    happened_on = forms.DateField(label="Date", widget=DateInput)
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class MoreForm(forms.Form):
    response = forms.CharField(label="What more is needed", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class SectionForm(forms.Form):
    title = forms.CharField(label="Section title", max_length=200)


class ItemForm(forms.Form):
    section = forms.ModelChoiceField(queryset=None, label="Section")
    title = forms.CharField(label="Task or standard", max_length=200)
    record = forms.CharField(label="What the participant records", widget=forms.Textarea(attrs={"rows": 3}))
    confirmer = forms.ChoiceField(label="Confirmed by", choices=BookletItem.Confirmer.choices)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class SignForm(forms.Form):
    # Checked by the service, which says what to do (``booklet_sign``).
    name = forms.CharField(label="Your full name (your signature)", max_length=150, required=False)
    role = forms.CharField(label="Your role", max_length=100, initial="Headteacher", required=False)
    confirm = forms.BooleanField(
        label="I confirm this booklet is a true record of the school-based work and I sign it off.", required=False
    )
    ink = forms.FileField(
        label="Or upload the booklet signed in ink (PDF)",
        required=False,
        help_text="Print the pre-filled booklet, sign it, scan it. Up to 20 MB.",
    )


class HeadLinkForm(forms.Form):
    email = forms.EmailField(label="Your school email address", max_length=254)
