"""Navigation items, contributed by each app from its own ``navigation.py``; shown by role."""

from collections.abc import Callable
from dataclasses import dataclass


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
