"""Template tags of the project package."""

from django import template

from ..navigation import link as link_for

register = template.Library()


@register.simple_tag
def link(purpose: str, **kwargs) -> str:
    """``{% link "verify_certificate" %}``: the page an app above provides for that purpose."""
    return link_for(purpose, **kwargs)
