from django import forms

from .models import Framework, Plan, Statement, Unit


def _statement_choices(framework: Framework) -> list:
    """Statements grouped by area, for a list of checkboxes."""
    groups: dict = {}
    for statement in Statement.objects.filter(area__framework=framework).select_related("area"):
        groups.setdefault(str(statement.area), []).append(
            (statement.pk, f"{statement.code} {statement.get_kind_display()}: {statement.text}")
        )
    return list(groups.items())


class StatementsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["framework", "self_study_minimum_percent", "gates_assessment"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(provider_id=programme.provider_id)
        self.fields["framework"].empty_label = "Choose the framework and version this programme delivers"
        self.fields[
            "self_study_minimum_percent"
        ].help_text = (
            f"Sessions to attend: {programme.minimum_attendance_percent}%, the programme's minimum attendance."
        )


class MappingForm(forms.Form):
    statements = StatementsField(queryset=Statement.objects.none(), required=False, label="Statements taught")

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = Statement.objects.filter(area__framework=framework).select_related("area")
        field.choices = _statement_choices(framework)


class UnitForm(forms.ModelForm):
    statements = StatementsField(queryset=Statement.objects.none(), required=False, label="Statements it teaches")
    link = forms.URLField(
        required=False, assume_scheme="https", max_length=200, help_text="Where it is on your learning platform."
    )

    class Meta:
        model = Unit
        fields = ["title", "minutes", "link"]
        labels = {"minutes": "About how long it takes (minutes)"}

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = Statement.objects.filter(area__framework=framework).select_related("area")
        field.choices = _statement_choices(framework)
        if self.instance.pk:
            self.initial["statements"] = list(self.instance.statements.values_list("pk", flat=True))


class StatementForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Statement")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Completed units (CSV or Excel)",
        help_text="Columns: “email”, “unit” (its number or title) and, if you have it, “completed” (the date).",
    )


class AreaForm(forms.Form):
    title = forms.CharField(max_length=200, label="A new content area")
