"""What other apps do when someone is given a place (accepted, placed directly, or transferred). Apps above
enrolment register a callback from their ``AppConfig.ready``; enrolment never imports them."""

from collections.abc import Callable

_given: list[Callable] = []


def on_place_given(callback: Callable) -> None:
    """``callback(enrolment)`` runs in the same transaction whenever a place is given."""
    if callback not in _given:
        _given.append(callback)


def place_given(enrolment) -> None:
    for callback in _given:
        callback(enrolment)
