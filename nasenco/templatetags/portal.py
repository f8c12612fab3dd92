"""Template tags of the project package."""

from django import template

from ..files.responses import PREVIEWABLE
from ..navigation import link as link_for

register = template.Library()


@register.simple_tag
def link(purpose: str, **kwargs) -> str:
    """``{% link "verify_certificate" %}``: the page an app above provides for that purpose."""
    return link_for(purpose, **kwargs)


@register.filter
def previewable(content_type: str) -> bool:
    """Whether a file of this type opens in the browser (a sandboxed preview) as well as downloading."""
    return content_type in PREVIEWABLE


@register.filter
def field_errors(form) -> bool:
    """Whether any field (not the form as a whole) has an error: what the error summary lists."""
    errors = getattr(form, "errors", None) or {}
    return any(name != "__all__" for name in errors)
