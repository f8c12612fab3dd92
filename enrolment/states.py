"""Which enrolment state may follow which. Pure data and one check; the services enforce it."""

from .models import Enrolment

S = Enrolment.Status

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.INELIGIBLE: {S.SUBMITTED, S.WITHDRAWN},  # corrected and submitted again
    S.ELIGIBLE: {S.AWAITING_DECLARATION, S.WITHDRAWN},
    S.AWAITING_DECLARATION: {S.ACCEPTED, S.WITHDRAWN},
    S.WAITING: {S.ACCEPTED, S.WITHDRAWN},  # a place frees (the capacity rule decides), or they stop waiting
    S.ACCEPTED: {S.ACTIVE, S.WITHDRAWN, S.DEFERRED, S.TRANSFERRED},
    S.ACTIVE: {S.COMPLETED, S.WITHDRAWN, S.DEFERRED, S.TRANSFERRED},
    S.DEFERRED: {S.ACTIVE, S.WITHDRAWN, S.TRANSFERRED},
    S.COMPLETED: set(),
    S.WITHDRAWN: set(),
    S.TRANSFERRED: set(),
}

# Moves a provider admin makes from the enrolment page (the others happen as the application proceeds).
ADMIN_ACTIONS = {
    S.ACCEPTED: "Accept",
    S.ACTIVE: "Mark as studying",
    S.COMPLETED: "Mark as completed",
    S.DEFERRED: "Defer",
    S.WITHDRAWN: "Withdraw",
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())
