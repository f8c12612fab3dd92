"""The reminder rules, as one table, and the pure date arithmetic behind them.

Each rule says who it is for, whether people may switch it off, its milestones (when it fires, relative to
the date it is about) and its default wording. Which records a rule is about is found by ``finders.py``;
nothing here touches the database.
"""

import datetime as dt
import string
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from assessment.timing import MARK_WITHIN_DAYS


@dataclass(frozen=True)
class Milestone:
    """Fires ``months`` and ``days`` after the date a reminder is about (negative: before it)."""

    code: str
    when: str  # how the date stands on the day it fires, for the wording: "in 3 months", "yesterday"
    months: int = 0
    days: int = 0
    copy_others: bool = False  # the statutory deadline copies the head and the provider admins from 3 months

    def fires_on(self, anchor: dt.date) -> dt.date:
        return anchor + relativedelta(months=self.months, days=self.days)

    def anchors_on(self, today: dt.date) -> list[dt.date]:
        """Every date a reminder could be about that reaches this milestone ``today``.

        Month arithmetic clamps to the month's end (31 August less six months is 28 February), so more
        than one date can fire on the same day; each date fires on exactly one day.
        """
        guess = today - relativedelta(months=self.months, days=self.days)
        around = (guess + dt.timedelta(days=offset) for offset in range(-3, 4))
        return [anchor for anchor in around if self.fires_on(anchor) == today]


def _months_before(n: int, *, copy_others: bool = False) -> Milestone:
    return Milestone(f"{n}m", f"in {n} month{'s' if n > 1 else ''}", months=-n, copy_others=copy_others)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    audience: str  # who gets it and when, in words, for the preferences and templates pages
    optional: bool  # statutory and due-date reminders cannot be switched off
    milestones: tuple[Milestone, ...]
    placeholders: tuple[str, ...]
    subject: str
    body: str

    def milestone(self, code: str) -> Milestone:
        return next(m for m in self.milestones if m.code == code)


COMMON = ("name", "participant", "cohort", "provider", "link")

STATUTORY = Rule(
    code="statutory_deadline",
    label="Statutory deadline approaching",
    audience=(
        "The participant, 12, 6, 3 and 1 months and 1 week before the three-year deadline and on the day; "
        "the headteacher and the provider's admins are copied from 3 months."
    ),
    optional=False,
    milestones=(
        _months_before(12),
        _months_before(6),
        _months_before(3, copy_others=True),
        _months_before(1, copy_others=True),
        Milestone("1w", "in 1 week", days=-7, copy_others=True),
        Milestone("day", "today", copy_others=True),
    ),
    placeholders=(*COMMON, "deadline", "days_remaining", "when", "qualification"),
    subject="SENCO qualification deadline {when}: {deadline}",
    body=(
        "Dear {name},\n\n"
        "{participant} must gain the {qualification} by {deadline}, {when} "
        "({days_remaining} days from today). This is the statutory deadline (SEND Regulations 2014, "
        "reg. 49): the third anniversary of becoming SENCO, and for the National Award no later than "
        "31 August 2027.\n\n"
        "Cohort: {cohort}, {provider}.\n"
        "What is done and what is still to do: {link}\n"
    ),
)

STATUTORY_OVERDUE = Rule(
    code="statutory_overdue",
    label="Statutory deadline passed",
    audience="The participant, the headteacher and the provider's admins, monthly once the deadline has passed.",
    optional=False,
    milestones=tuple(
        Milestone(f"over-{n}m", f"{n} month{'s' if n > 1 else ''} ago", months=n, copy_others=True)
        for n in range(1, 37)
    ),
    placeholders=(*COMMON, "deadline", "when", "qualification"),
    subject="SENCO qualification deadline passed on {deadline}",
    body=(
        "Dear {name},\n\n"
        "The statutory deadline for {participant} to gain the {qualification} was "
        "{deadline}, {when}, and the award has not yet been made. Please speak to {provider} about how "
        "to complete it as soon as possible.\n\n"
        "Cohort: {cohort}.\n"
        "What is still to do: {link}\n"
    ),
)

DUE_DATE = Rule(
    code="due_date",
    label="Assignment due",
    audience="The participant, 14 days and 3 days before a due date (an extension's date if one was given).",
    optional=False,
    milestones=(
        Milestone("14d", "in 14 days", days=-14),
        Milestone("3d", "in 3 days", days=-3),
    ),
    placeholders=(*COMMON, "component", "deadline", "days_remaining", "when"),
    subject="{component} is due {when}: {deadline}",
    body=(
        "Dear {name},\n\n"
        "{component} for {cohort} is due on {deadline}, {when}. Nothing has been submitted yet.\n\n"
        "Submit it, or ask for an extension, here: {link}\n"
    ),
)

DUE_DATE_MISSED = Rule(
    code="due_date_missed",
    label="Assignment not submitted",
    audience="The participant, the day after a due date if nothing was submitted.",
    optional=False,
    milestones=(Milestone("1d-after", "yesterday", days=1),),
    placeholders=(*COMMON, "component", "deadline", "when"),
    subject="{component} was due on {deadline}: nothing submitted yet",
    body=(
        "Dear {name},\n\n"
        "{component} for {cohort} was due on {deadline} and nothing has been submitted. Work handed in "
        "within the late period is accepted and marked as late; after that you need an extension.\n\n"
        "Submit it or ask for an extension here: {link}\n"
    ),
)

TEACHING_DAY = Rule(
    code="teaching_day",
    label="Teaching day coming up",
    audience="Participants (and anyone catching up on that day), one week and one day before it.",
    optional=True,
    milestones=(
        Milestone("1w", "in 1 week", days=-7),
        Milestone("1d", "tomorrow", days=-1),
    ),
    placeholders=(*COMMON, "day", "date", "time", "place", "when"),
    subject="{cohort}: {day} is {when}, {date}",
    body=(
        "Dear {name},\n\n"
        "{day} of {cohort} is {when}: {date}, {time}.\n"
        "Where: {place}\n\n"
        "The session is attached as a calendar file. The whole timetable: {link}\n"
    ),
)

DECLARATION = Rule(
    code="declaration_chase",
    label="Headteacher declaration not returned",
    audience="The headteacher, 7 and 14 days after the declaration was requested if it has not been uploaded.",
    optional=False,  # headteachers have no account to keep preferences in
    milestones=(
        Milestone("7d", "7 days ago", days=7),
        Milestone("14d", "14 days ago", days=14),
    ),
    placeholders=(*COMMON, "date", "deadline"),
    subject="Reminder: the headteacher declaration for {participant}",
    body=(
        "Dear {name},\n\n"
        "On {date} we asked you to sign the headteacher declaration for {participant}'s place on "
        "{cohort} with {provider}. We have not received it yet, and the place cannot be confirmed "
        "without it.\n\n"
        "Download, sign and upload the form here (the link works until {deadline}): {link}\n"
    ),
)

PORTFOLIO_GAPS = Rule(
    code="portfolio_gaps",
    label="Portfolio outcomes without evidence",
    audience="The participant, 3 months before a component whose outcomes still lack accepted evidence.",
    optional=True,
    milestones=(_months_before(3),),
    placeholders=(*COMMON, "component", "deadline", "count", "outcomes"),
    subject="{count} outcomes still need evidence before {component}",
    body=(
        "Dear {name},\n\n"
        "{component} is due on {deadline}. These learning outcomes it draws on have no accepted evidence "
        "in your portfolio yet: {outcomes}.\n\n"
        "Add evidence and map it: {link}\n"
    ),
)

MARKING = Rule(
    code="marking_overdue",
    label="Work still unmarked",
    audience="Markers, 7 days after work was allocated to them if it is still unmarked.",
    optional=True,
    milestones=(Milestone("7d", f"{MARK_WITHIN_DAYS} days ago", days=MARK_WITHIN_DAYS),),
    placeholders=(*COMMON, "component", "count", "date"),
    subject="{count} pieces of {component} still to mark",
    body=(
        "Dear {name},\n\n"
        "{count} pieces of {component} for {cohort} were allocated to you on {date} and are not marked "
        "yet.\n\n"
        "Your marking queue: {link}\n"
    ),
)

BOOKLET_CONFIRM = Rule(
    code="booklet_confirm",
    label="Booklet items waiting for the mentor",
    audience="The school-based mentor, 14 days after a participant recorded booklet items still unconfirmed.",
    optional=True,
    milestones=(Milestone("14d", "14 days ago", days=14),),
    placeholders=(*COMMON, "count", "date"),
    subject="{participant}'s booklet: {count} items wait for you",
    body=(
        "Dear {name},\n\n"
        "On {date} {participant} recorded {count} items of their performance booklet that wait for you to "
        "confirm them or ask for more.\n\n"
        "Their booklet: {link}\n"
    ),
)

BOOKLET_SIGNOFF = Rule(
    code="booklet_signoff",
    label="Booklet waiting for the headteacher's sign-off",
    audience="The headteacher, 7 and 14 days after every item of a booklet was confirmed if it is not signed off.",
    optional=False,  # headteachers have no account to keep preferences in
    milestones=(
        Milestone("7d", "7 days ago", days=7),
        Milestone("14d", "14 days ago", days=14),
    ),
    placeholders=(*COMMON, "date"),
    subject="Reminder: {participant}'s performance booklet waits for your sign-off",
    body=(
        "Dear {name},\n\n"
        "Every item of {participant}'s performance booklet ({cohort}, {provider}) was confirmed on {date}. "
        "It waits for you to sign it off. Use the link in our email of {date}, or ask for a new one: {link}\n"
    ),
)

BOOKLET_INCOMPLETE = Rule(
    code="booklet_incomplete",
    label="Performance booklet incomplete",
    audience="The participant, 3 months before the booklet is due if items are still unconfirmed.",
    optional=True,
    milestones=(_months_before(3),),
    placeholders=(*COMMON, "component", "deadline", "count", "total"),
    subject="Your performance booklet: {count} of {total} items confirmed",
    body=(
        "Dear {name},\n\n"
        "{component} is due on {deadline}. {count} of its {total} items are confirmed so far; record the rest "
        "and ask your mentor to confirm them, so your headteacher can sign it off in time.\n\n"
        "Your booklet: {link}\n"
    ),
)

WINDOW_OPENS = Rule(
    code="window_opens",
    label="Case study window opening",
    audience="The cohort's participants, one week before the case study's window opens and on the day.",
    optional=False,
    milestones=(
        Milestone("1w", "in 1 week", days=-7),
        Milestone("day", "today"),
    ),
    placeholders=(*COMMON, "component", "date", "closes", "when"),
    subject="{component} opens {when}: {date}",
    body=(
        "Dear {name},\n\n"
        "The window for {component} ({cohort}) opens {when}, at {date}, and closes at {closes}. The brief "
        "appears on your assessment page when it opens.\n\n"
        "Your assessment: {link}\n"
    ),
)

WINDOW_CLOSES = Rule(
    code="window_closes",
    label="Case study window closing",
    audience="Participants who have not handed in, two days before the window closes and on the day.",
    optional=False,
    milestones=(
        Milestone("2d", "in 2 days", days=-2),
        Milestone("day", "today"),
    ),
    placeholders=(*COMMON, "component", "closes", "when"),
    subject="{component} closes {when}: hand in by {closes}",
    body=(
        "Dear {name},\n\n"
        "The window for {component} ({cohort}) closes {when}, at {closes}, and nothing has been handed in "
        "yet. If something has stopped you, ask your provider for extra time or a later window now.\n\n"
        "Hand in here: {link}\n"
    ),
)

ENGAGEMENT_LOW = Rule(
    code="engagement_low",
    label="Engagement below the threshold",
    audience="Participants below the engagement threshold, four weeks before their case study's window opens.",
    optional=False,
    milestones=(Milestone("4w", "in 4 weeks", days=-28),),
    placeholders=(*COMMON, "component", "date", "short"),
    subject="Before {component}: your engagement is below the threshold",
    body=(
        "Dear {name},\n\n"
        "{component} opens on {date}. You can hand it in only once your engagement meets your programme's "
        "thresholds, and it is still short: {short}.\n\n"
        "Your self-study, and what is still to do: {link}\n"
    ),
)

APPEAL_DEADLINE = Rule(
    code="appeal_deadline",
    label="Appeal deadline",
    audience="A participant whose case study was not passed, three days before the last day to appeal.",
    optional=True,
    milestones=(Milestone("3d", "in 3 days", days=-3),),
    placeholders=(*COMMON, "component", "deadline", "when"),
    subject="The last day to appeal {component} is {deadline}",
    body=(
        "Dear {name},\n\n"
        "Your result for {component} ({cohort}) was not a pass. If you believe the marking or the process "
        "went wrong, you can appeal until {deadline}, {when}. Your resit is in the next window either way.\n\n"
        "Your result and the appeal form: {link}\n"
    ),
)

RULES: tuple[Rule, ...] = (
    STATUTORY,
    STATUTORY_OVERDUE,
    DUE_DATE,
    DUE_DATE_MISSED,
    TEACHING_DAY,
    DECLARATION,
    PORTFOLIO_GAPS,
    MARKING,
    BOOKLET_CONFIRM,
    BOOKLET_SIGNOFF,
    BOOKLET_INCOMPLETE,
    WINDOW_OPENS,
    WINDOW_CLOSES,
    ENGAGEMENT_LOW,
    APPEAL_DEADLINE,
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}

# Emails that are not swept reminders but that a person may switch off too, in the same place and with the
# same one-click link (RFC 8058): messages the cohort's staff write, and work allocated to a marker.
MESSAGE = "message"
ALLOCATED = "allocated"
MESSAGES = Rule(
    code=MESSAGE,
    label="Messages from your course's staff",
    audience="Everyone on a cohort, or a group of them, when its staff write to them from the portal.",
    optional=True,
    milestones=(),
    placeholders=COMMON,
    subject="",
    body="",
)
ALLOCATIONS = Rule(
    code=ALLOCATED,
    label="Work allocated to you to mark",
    audience="Markers, as work is allocated to them (My work lists it whatever you choose).",
    optional=True,
    milestones=(),
    placeholders=(),
    subject="",
    body="",
)
OPTIONAL = (*(rule for rule in RULES if rule.optional), MESSAGES, ALLOCATIONS)
OPTIONAL_BY_CODE = {rule.code: rule for rule in OPTIONAL}


def anchors_for(rule: Rule, today: dt.date) -> dict[dt.date, Milestone]:
    """The dates a reminder of ``rule`` could be about that reach one of its milestones ``today``."""
    return {anchor: m for m in rule.milestones for anchor in m.anchors_on(today)}


def template_problems(text: str, allowed: tuple[str, ...]) -> list[str]:
    """What is wrong with a provider's template: unknown placeholders or stray braces, in words."""
    problems = []
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["A { or } is not closed. Placeholders look like {deadline}; write {{ or }} for a brace itself."]
    if any(spec or conv for _, spec, conv in fields):
        problems.append("Placeholders are just a name in braces, such as {deadline}, with nothing after the name.")
    for name in dict.fromkeys(name for name, _, _ in fields):
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            listed = ", ".join(f"{{{a}}}" for a in allowed)
            problems.append(f"{shown} is not a placeholder of this reminder. Use: {listed}")
    return problems


def render(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders. Templates are checked on save, so every name here is known."""
    return text.format_map(values)
