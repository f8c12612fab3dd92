"""Writes for schools. Import from here: ``from schools.services import entry_confirm``."""

from .booklets import (
    booklet_ink_set,
    booklet_item_add,
    booklet_item_remove,
    booklet_section_add,
    booklet_sign,
    entry_ask_more,
    entry_confirm,
    entry_record,
)
from .heads import (
    HeadLinkExpired,
    HeadLinkInvalid,
    head_access_for,
    head_from_token,
    head_link,
    head_link_renew,
    head_link_request,
    head_token,
    signoff_request,
)
from .mentors import (
    mentor_accept,
    mentor_end,
    mentor_from_token,
    mentor_invite,
    mentor_note_add,
    mentor_resend,
    mentor_token,
)

__all__ = [
    "HeadLinkExpired",
    "HeadLinkInvalid",
    "booklet_ink_set",
    "booklet_item_add",
    "booklet_item_remove",
    "booklet_section_add",
    "booklet_sign",
    "entry_ask_more",
    "entry_confirm",
    "entry_record",
    "head_access_for",
    "head_from_token",
    "head_link",
    "head_link_renew",
    "head_link_request",
    "head_token",
    "mentor_accept",
    "mentor_end",
    "mentor_from_token",
    "mentor_invite",
    "mentor_note_add",
    "mentor_resend",
    "mentor_token",
    "signoff_request",
]
