"""The form renderer writes inputs exactly as Django's own templates do, escaping included."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from nasenco.forms_renderer import FormRenderer


class Everything(forms.Form):
    name = forms.CharField(initial='Sam "the" <b>SENCO</b> & co', max_length=50, help_text="Your name")
    email = forms.EmailField(required=False)
    born = forms.DateField(initial=dt.date(1980, 2, 29), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(initial=dt.time(9, 30), widget=forms.TimeInput(attrs={"class": "form-control"}))
    count = forms.IntegerField(initial=0, widget=forms.NumberInput(attrs={"min": 0, "disabled": False}))
    link = forms.URLField(
        assume_scheme="https", required=False, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    agreed = forms.BooleanField(initial=True, required=False)
    hidden = forms.CharField(initial=mark_safe("a&amp;b"), widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s3cr<t")
    kind = forms.ChoiceField(choices=[("a", "A & B"), ("b", "<B>")], initial="b")
    grouped = forms.ChoiceField(
        choices=[("", "Choose…"), ("Venues", [("1", "Landmark House"), ("2", 'The "Hub"')]), ("v", "Virtual")],
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "aria-describedby": "x_help"}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")], initial=[1, 3], required=False)
    kinds = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False, initial=["b"]
    )
    upload = forms.FileField(required=False)
    notes = forms.CharField(widget=forms.Textarea, initial="x < y")


@pytest.mark.parametrize("data", [None, {"name": 'x" onfocus="alert(1)', "count": "<3", "agreed": "", "kind": "zz"}])
def test_every_widget_comes_out_as_djangos_templates_write_it(data):
    fast, slow = Everything(data, renderer=FormRenderer()), Everything(data, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(fast[name]) == str(slow[name]), name
    assert fast.as_div() == slow.as_div()
    if data:
        assert 'value="x&quot; onfocus=&quot;alert(1)"' in str(fast["name"])


def test_inputs_skip_the_templates_and_the_rest_use_them():
    class Watching(FormRenderer):
        def get_template(self, template_name):
            self.asked.append(template_name)
            return super().get_template(template_name)

    renderer = Watching()
    renderer.asked = []
    form = Everything(renderer=renderer)
    for name in ("name", "email", "born", "starts", "count", "link", "agreed", "hidden", "secret"):
        str(form[name])
    assert renderer.asked == []
    for name in ("kind", "grouped", "many"):
        str(form[name])
    assert renderer.asked == []
    str(form["kinds"])  # a list of check boxes: Django's templates
    assert "django/forms/widgets/checkbox_select.html" in renderer.asked


def test_the_portal_uses_it():
    from django.conf import settings

    assert settings.FORM_RENDERER == "nasenco.forms_renderer.FormRenderer"
    assert isinstance(forms.Form().renderer, FormRenderer)
