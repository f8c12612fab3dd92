"""Writes for the DfE app. Views, commands and tasks call these; nothing else changes DfE's records here."""

from .connection import client_for, connection_check, connection_for, connection_save
from .decisions import (
    Refusal,
    application_accept,
    application_ask_head,
    application_reject,
    declaration_void,
    declare,
    participant_change,
)
from .sync import sync
from .writes import write_send, writes_due

__all__ = [
    "Refusal",
    "application_accept",
    "application_ask_head",
    "application_reject",
    "client_for",
    "connection_check",
    "connection_for",
    "connection_save",
    "declaration_void",
    "declare",
    "participant_change",
    "sync",
    "write_send",
    "writes_due",
]
