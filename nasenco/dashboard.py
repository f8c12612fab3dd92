"""Dashboard panels, contributed by each app from its own ``dashboard.py``.

A panel says which users it is for and builds its context; the dashboard shows every panel that applies,
so one person who is, say, a tutor at one provider and an admin at another sees both.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    applies: Callable
    context: Callable
    order: int


_panels: dict[str, Panel] = {}


def panel(*, key: str, title: str, template: str, applies: Callable, order: int = 100):
    """Register ``context(request) -> dict`` as the context builder of a dashboard panel."""

    def register(context: Callable) -> Callable:
        _panels[key] = Panel(key, title, template, applies, context, order)
        return context

    return register


def panels_for(request) -> list[tuple[Panel, dict]]:
    chosen = sorted((p for p in _panels.values() if p.applies(request.user)), key=lambda p: p.order)
    return [(p, p.context(request)) for p in chosen]
