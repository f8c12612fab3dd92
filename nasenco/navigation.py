"""Navigation items, contributed by each app from its own ``navigation.py``; shown by role. And named links:
pages a lower layer points at (after sign-up, the participant's timetable, certificate verification) are
named here by purpose and provided by the app that owns them, so nothing below names a URL above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

_links: dict[str, str] = {}


def provide_link(purpose: str, url_name: str) -> None:
    """Called by the app that owns the page, e.g. ``provide_link("verify_certificate", "assessment:verify")``."""
    _links[purpose] = url_name


def link(purpose: str, **kwargs) -> str:
    """The path of the page provided for ``purpose``; a purpose nobody provides is a configuration error."""
    try:
        return reverse(_links[purpose], kwargs=kwargs or None)
    except KeyError:
        raise ImproperlyConfigured(
            f"No app provides the link {purpose!r}: is the app that owns it installed?"
        ) from None


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    applies: Callable
    order: int


_items: dict[str, NavItem] = {}


def nav_item(*, label: str, url_name: str, applies: Callable, order: int = 100) -> None:
    _items[url_name] = NavItem(label, url_name, applies, order)


def items_for(user) -> list[NavItem]:
    return sorted((i for i in _items.values() if i.applies(user)), key=lambda i: i.order)


nav_item(label="Dashboard", url_name="dashboard", applies=lambda user: user.is_authenticated, order=0)
nav_item(label="Platform admin", url_name="admin:index", applies=lambda user: user.is_staff, order=900)
