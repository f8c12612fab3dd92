"""The form renderer: Django's templates, except that plain ``<input>`` widgets are written in Python.

Django renders every widget through two or three small templates (the input, its attributes, and for a
text box a third that only includes the input). On a form with many fields (the timetable editor has a
row of eight for every session) that template machinery was most of the page's time. The inputs come
out byte for byte as Django's own templates write them (tests/nasenco/test_forms_renderer.py compares
them), and so do selects with Django's own options; every other template (radio lists, check-box lists,
the form layouts) is rendered as usual.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# Django's widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password",
        "search", "tel", "text", "time", "url",
    )
}  # fmt: skip


def _value(value) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping: a safe string stays as it is, others escaped."""
    return conditional_escape(str(value))


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ``False`` leaves an attribute out, ``True`` writes its name alone."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{attrs_html(widget['attrs'])}>"
    )


SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def select_html(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options; None if an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_value(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # the option template's own newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return input_html(context["widget"])  # Django's renderer strips the templates' newlines too
        if template_name == SELECT and (html := select_html(context["widget"])) is not None:
            return html
        return super().render(template_name, context, request=request)
