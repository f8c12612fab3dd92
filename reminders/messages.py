"""Messages staff write to a cohort or a group of it: who is in each group, and sending.

A message is a draft until its writer has seen the recipients and the message as the first of them will
read it; sending stores one outbox email and one notification per person (``Reminder`` rows with rule
``message``, under a unique key, so sending twice sends nothing twice)."""

import math
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessment.models import Submission
from assessment.selectors import components_for_cohort
from cohorts import roster
from cohorts.models import Attendance, Cohort
from cohorts.services import activity_record
from nasenco.files.uploads import clean_filename
from nasenco.mail.services import email_queue
from nasenco.navigation import link

from .models import MESSAGE, Message, Reminder, ReminderOptOut
from .schedule import MESSAGES, render, template_problems
from .unsubscribe import unsubscribe_headers

PLACEHOLDERS = ("name", "participant", "cohort", "provider", "link")
EVERYONE = "everyone"


def audiences(cohort: Cohort) -> list[tuple[str, str]]:
    """Who a message can go to: everyone on the cohort, or a group that needs a nudge."""
    choices = [(EVERYONE, f"Everyone on {cohort.name}")]
    for row in components_for_cohort(cohort):
        component = row["component"]
        choices.append((f"not-handed-in:{component.pk}", f"Not yet handed in {component.title}"))
    minimum = cohort.programme.minimum_attendance_percent
    choices.append(("attendance-below", f"Attended less than {minimum}% of the sessions held so far"))
    return choices


def recipients(cohort: Cohort, audience: str, *, today) -> list:
    """The people ``audience`` names today, by name."""
    people = roster.participants_of(cohort.pk).order_by("full_name")
    if audience == EVERYONE:
        return list(people)
    if audience.startswith("not-handed-in:"):
        component_id = audience.split(":", 1)[1]
        handed_in = Submission.objects.filter(enrolment__cohort=cohort, component_id=component_id)
        return list(people.exclude(pk__in=handed_in.values("enrolment__participant_id")))
    if audience == "attendance-below":
        held = cohort.days.filter(number__gt=0, date__lte=today).count()
        if not held:
            return []
        needed = math.ceil(held * cohort.programme.minimum_attendance_percent / 100)
        present = Attendance.objects.filter(
            day__cohort__programme=cohort.programme,
            day__date__lte=today,
            day__number__gt=0,
            status__in=Attendance.ATTENDED,
        ).values_list("participant_id", "day__number")
        attended: dict[int, set] = {}
        for participant_id, number in present:
            attended.setdefault(participant_id, set()).add(number)
        return [p for p in people if len(attended.get(p.pk, ())) < needed]
    raise ValidationError({"audience": "Choose who the message goes to."})


def values_for(message: Message, person) -> dict:
    cohort = message.cohort
    return {
        "name": person.get_short_name(),
        "participant": person.full_name,
        "cohort": cohort.name,
        "provider": cohort.provider.name,
        "link": f"{_site()}{link('participant_timetable')}",
    }


def message_draft_save(*, cohort: Cohort, by, audience: str, subject: str, body: str, attachment=None) -> Message:
    """Check the wording and store a draft (nothing is sent). ``attachment`` is (upload, checked)."""
    errors = {}
    for name, text in (("subject", subject), ("body", body)):
        problems = template_problems(text, PLACEHOLDERS)
        if problems:
            errors[name] = problems
        elif not text.strip():
            errors[name] = ["This cannot be empty."]
    if audience not in dict(audiences(cohort)):
        errors["audience"] = ["Choose who the message goes to."]
    if errors:
        raise ValidationError(errors)
    message = Message(
        cohort=cohort,
        sender=by,
        audience=audience,
        audience_label=dict(audiences(cohort))[audience],
        subject=subject.strip(),
        body=body,
    )
    if attachment is not None:
        upload, checked = attachment
        message.attachment.save(f"attachment.{checked.extension}", File(upload), save=False)
        message.attachment_name, message.attachment_type = clean_filename(upload.name), checked.content_type
    message.save()
    _record(message, by=by, action="message.drafted", summary=f"Message drafted for {message.audience_label}")
    return message


def _record(message: Message, *, by, action: str, summary: str) -> None:
    activity_record(
        provider_id=message.cohort.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=message,
        label=message.cohort.name,
    )


def message_send(*, message: Message, by, today) -> int:
    """Send a draft to everyone its audience names today. Returns how many people it went to."""
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update()
            .select_related("cohort__provider", "cohort__programme")
            .get(pk=message.pk)
        )
        if locked.sent_at is not None:
            raise ValidationError("This message has already been sent.")
        people = recipients(locked.cohort, locked.audience, today=today)
        if not people:
            raise ValidationError("Nobody is in this group today: there is no one to send it to.")
        run, provider = uuid.uuid4(), locked.cohort.provider
        programme = locked.cohort.programme.short_name
        attachment = (
            f"{_site()}{reverse('reminders:message-attachment', args=[locked.pk])}" if locked.attachment else ""
        )
        # Who switched messages off still sees each one under Notifications; only the email is not sent.
        no_email = set(ReminderOptOut.objects.filter(user__in=people, rule=MESSAGE).values_list("user_id", flat=True))
        for person in people:
            values = values_for(locked, person)
            subject, body = render(locked.subject, values), render(locked.body, values)
            key = f"{MESSAGE}:{locked.pk}:u{person.pk}"
            email = (
                None
                if person.pk in no_email
                else email_queue(
                    to=person.email,
                    template="reminders/email/message",
                    context={
                        "subject": subject,
                        "body": body,
                        "attachment": attachment,
                        "name": locked.attachment_name,
                        "programme": programme,
                    },
                    key=key,
                    reply_to=provider.reply_address,
                    headers=unsubscribe_headers(user_id=person.pk, rule=MESSAGES),
                    provider_id=provider.pk,
                    automatic=False,  # written by a person: replies and out-of-office answers are welcome
                )
            )
            Reminder.objects.create(
                key=key,
                rule=MESSAGE,
                milestone=f"m{locked.pk}",
                provider=provider,
                recipient=person,
                to=person.email,
                subject=subject,
                body=body,
                link=reverse("reminders:message-attachment", args=[locked.pk]) if locked.attachment else "",
                email=email,
                run=run,
                sweep_date=today,
            )
        locked.sent_at, locked.recipient_count = timezone.now(), len(people)
        locked.save(update_fields=["sent_at", "recipient_count"])
        summary = f"Message sent to {len(people)} ({locked.audience_label}): {locked.subject}"
        _record(locked, by=by, action="message.sent", summary=summary)
    return len(people)


@transaction.atomic
def message_discard(*, message: Message, by) -> None:
    locked = Message.objects.select_for_update().select_related("cohort").get(pk=message.pk)
    if locked.sent_at is not None:
        raise ValidationError("A sent message stays in the cohort's log.")
    _record(locked, by=by, action="message.discarded", summary=f"Draft discarded: {locked.subject}")
    if locked.attachment:
        name, storage = locked.attachment.name, locked.attachment.storage
        transaction.on_commit(lambda: storage.delete(name))
    locked.delete()


def may_open_attachment(user, message: Message) -> bool:
    """Its recipients, and the cohort's staff (checked by the view before this)."""
    return Reminder.objects.filter(rule=MESSAGE, milestone=f"m{message.pk}", recipient=user).exists()


def _site() -> str:
    return settings.SITE_URL
