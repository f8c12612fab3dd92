"""Secrets out of logs. Some addresses are keys in themselves: the headteacher's declaration link, a
person's calendar feed, a password-reset link, a staff or mentor invitation, a head's view, a one-click
unsubscribe. Whatever logs a path (Django's "Not
Found" warnings, the development server, an access log routed through logging) gets them with the key
replaced."""

import logging
import re

SECRET_PATHS = [
    (re.compile(r"(/declaration/)[^/\s?\"']+"), r"\1[redacted]"),
    (re.compile(r"(/cohorts/calendar/)(?!renew/)[^/\s?\"']+?(\.ics)"), r"\1[redacted]\2"),
    (re.compile(r"(/accounts/password/reset/)[^/\s?\"']+/[^/\s?\"']+"), r"\1[redacted]"),
    (re.compile(r"(/cohorts/join/)[^/\s?\"']+"), r"\1[redacted]"),
    (re.compile(r"(/schools/mentor/join/)[^/\s?\"']+"), r"\1[redacted]"),
    (re.compile(r"(/assessment/heads/)(?!new-link/|mine/)[^/\s?\"']+"), r"\1[redacted]"),
    (re.compile(r"(/reminders/unsubscribe/)[^/\s?\"']+"), r"\1[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


def install() -> None:
    """Redact every log record as it is made, whichever logger or handler it then goes to."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts", False):
        return

    def redacting_record(*args, **kwargs):
        record = make_record(*args, **kwargs)
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return record

    redacting_record.redacts = True
    logging.setLogRecordFactory(redacting_record)
