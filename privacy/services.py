"""Personal-data rights, driven by the inventory (``privacy/inventory.py``): the subject-access export, erasure,
and the retention sweep."""

import datetime as dt
import io
import json
import zipfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from assessment.models import MarkImport
from cohorts.models import ActivityEntry, Membership, Provider
from cohorts.services import activity_record
from curriculum.models import CompletionImport
from enrolment.models import Declaration, Enrolment, ImportBatch
from nasenco.accounts.models import AccountGuard
from nasenco.dates import add_months, long_date
from nasenco.files.exports import MISSING_NOTE, copy_into
from nasenco.files.models import StoredFile
from nasenco.files.uploads import clean_filename
from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import email_queue
from reminders.models import Reminder
from schools.models import Mentorship

from .inventory import HOLDINGS, Holding
from .models import ErasureRequest

# Places a provider may erase: the person left, or was never admitted.
ERASED = "An erased participant"
IMPORT_DAYS = 30  # an uploaded participant list (names, emails) is kept this long after upload
ERASABLE_NOW = (Enrolment.Status.WITHDRAWN, Enrolment.Status.INELIGIBLE, Enrolment.Status.DRAFT)


def _rows(holding: Holding, user):
    model = apps.get_model(holding.model)
    if not holding.path:
        return model.objects.filter(pk=user.pk)
    value = user.email if holding.by_address else user
    return model.objects.filter(**{f"{holding.path}__iexact" if holding.by_address else holding.path: value})


def subject_access_zip(user, *, missing: list[str] | None = None) -> bytes:
    """Everything held about ``user``: ``data.json`` (every holding's exported fields, with why it is held)
    and the files (evidence, work, annotated copies, declaration scans) under ``files/``. A file that cannot
    be read from storage is left out, named in ``missing-files.txt`` and appended to ``missing``: one lost
    file never stops the rest of the export (issue 25, 11)."""
    missing = [] if missing is None else missing
    data, files = {}, []
    for holding in HOLDINGS:
        if holding.model == "files.StoredFile":
            continue  # the exports themselves
        rows = list(_rows(holding, user))
        data[holding.model] = {
            "why": holding.why,
            "rows": [{name: getattr(row, name) for name in holding.export} for row in rows],
        }
        for row in rows:
            for field in holding.files:
                stored = getattr(row, field)
                if stored:
                    files.append((f"files/{holding.model}/{row.pk}-{field}-{clean_filename(stored.name)}", stored))
    data["mail.OutboxEmail (about the person, sent to others)"] = {
        "why": "Emails about the person sent to their mentor or headteacher.",
        "rows": list(_emails_about(user).values("to", "subject", "body_text", "created", "sent_at")),
    }
    data["cohorts.ActivityEntry (registers naming the person)"] = {
        "why": "Registers taken before each mark had an entry of its own: the person's marks in them.",
        "rows": [
            {"at": entry.at, "by_name": entry.by_name, "object_label": entry.object_label, "attendance": mark}
            for entry, mark in _older_registers_naming(user)
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(
                {"person": user.email, "prepared": timezone.now(), "holdings": data},
                cls=DjangoJSONEncoder,
                indent=2,
                ensure_ascii=False,
            ),
        )
        archive.writestr(
            "index.html",
            render_to_string(
                "privacy/export_index.html",
                {"person": user, "prepared": timezone.now(), "holdings": data, "files": [name for name, _ in files]},
            ),
        )
        for name, stored in files:
            if not copy_into(archive, name, stored):
                missing.append(name.removeprefix("files/"))
        if missing:
            archive.writestr("missing-files.txt", MISSING_NOTE + "".join(f"- {name}\n" for name in missing))
    return buffer.getvalue()


@transaction.atomic
def erasure_request(*, user, reason: str = "", today: dt.date | None = None) -> list[ErasureRequest]:
    """The participant asks every provider holding their data to erase it; each provider's admins are
    emailed with the date they must answer by (one calendar month: UK GDPR Art. 12(3))."""
    today = today or timezone.localdate()
    provider_ids = sorted(set(Enrolment.objects.filter(participant=user).values_list("cohort__provider_id", flat=True)))
    if not provider_ids:
        raise ValidationError("No provider holds a place or application of yours: there is nothing to ask.")
    made = []
    for provider in Provider.objects.filter(pk__in=provider_ids).order_by("name"):
        if ErasureRequest.objects.filter(person=user, provider=provider, status=ErasureRequest.Status.OPEN).exists():
            continue
        request = ErasureRequest.objects.create(
            person=user, provider=provider, reason=reason.strip(), respond_by=add_months(today, 1)
        )
        made.append(request)
        activity_record(
            provider_id=provider.pk, by=user, action="privacy.erasure-asked", about=user, obj=request,
            summary=f"Asked for their personal data to be erased: answer by {long_date(request.respond_by)}",
        )  # fmt: skip
        for admin in (
            get_user_model()
            .objects.filter(memberships__provider=provider, memberships__role=Membership.Role.ADMIN)
            .distinct()
        ):
            email_queue(
                to=admin.email, template="privacy/email/erasure_request", context={"request": request},
                key=f"erasure-request:{request.pk}:{admin.pk}",
            )  # fmt: skip
    if not made:
        raise ValidationError("You have asked already: your provider answers by the date shown.")
    return made


def other_providers_hold(user, provider_ids) -> bool:
    """Does ``user`` have an application or place with a provider outside ``provider_ids``? Then one provider
    alone may not export or erase everything about them: the platform operator does."""
    return Enrolment.objects.filter(participant=user).exclude(provider_id__in=list(provider_ids)).exists()


def erasure_refusal(user, *, today: dt.date) -> str | None:
    """Why ``user`` cannot be erased yet, or None. A place in progress, or an award within the provider's
    retention period, keeps the data."""
    years = settings.RETENTION_YEARS_AFTER_AWARD
    for enrolment in Enrolment.objects.filter(participant=user).select_related("cohort"):
        if enrolment.status in ERASABLE_NOW:
            continue
        if enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_on:
            until = enrolment.completed_on.replace(year=enrolment.completed_on.year + years)
            if today >= until:
                continue
            return (
                f"{user.full_name} completed {enrolment.cohort.name} on {long_date(enrolment.completed_on)}; "
                f"records are kept for {years} years, until {long_date(until)}."
            )
        return (
            f"{user.full_name} is “{enrolment.get_status_display()}” on {enrolment.cohort.name}. "
            "Withdraw the place first."
        )
    return None


@transaction.atomic
def participant_erase(*, user, by, today: dt.date) -> dict[str, int]:
    """Erase ``user``'s personal data as the inventory says, keeping only what certificate verification
    needs (the name as awarded, the award, the date and the number). Files go from storage once the
    transaction commits. Returns how many rows each holding lost or had emptied."""
    refusal = erasure_refusal(user, today=today)
    if refusal:
        raise ValidationError(refusal)
    counts, stored_files = {}, []
    provider_ids = set(Enrolment.objects.filter(participant=user).values_list("cohort__provider_id", flat=True))
    # Reminders about them sent to their head or provider name them too; found before their places go, as are
    # other emails about them (to their mentor or head) and older registers that name them.
    copy_ids = list(_copies_about(user).values_list("pk", flat=True))
    about_ids = list(_emails_about(user).values_list("pk", flat=True))
    registers = _older_registers_naming(user)
    for holding in reversed(HOLDINGS):  # children before the rows they hang from
        rows = _rows(holding, user)
        if holding.on_erase == "delete":
            for row in rows:
                stored_files += [getattr(row, f) for f in holding.files if getattr(row, f)]
            counts[holding.model] = rows.count()
            rows.delete()
        elif holding.on_erase == "blank":
            model = apps.get_model(holding.model)
            empty = {name: model._meta.get_field(name).get_default() for name in holding.blank}
            counts[holding.model] = rows.update(**empty)
    copies = Reminder.objects.filter(pk__in=copy_ids)
    counts["reminders.Reminder (copies to others)"] = len(copy_ids)
    OutboxEmail.objects.filter(reminder__in=copies).delete()
    copies.delete()
    counts["mail.OutboxEmail (about them, to others)"] = OutboxEmail.objects.filter(pk__in=about_ids).delete()[0]
    for entry, _ in registers:
        changes = {name: marks for name, marks in entry.changes.items() if name != user.full_name}
        ActivityEntry.objects.filter(pk=entry.pk).update(changes=changes)
    counts["cohorts.ActivityEntry (registers naming them)"] = len(registers)
    # What they did themselves (applied, proposed a mapping) stays in the log without their name.
    counts["cohorts.ActivityEntry (by them)"] = ActivityEntry.objects.filter(by=user).update(by_name=ERASED)
    ErasureRequest.objects.filter(person=user, status=ErasureRequest.Status.OPEN).update(
        status=ErasureRequest.Status.ERASED, answered_at=timezone.now(), reason=""
    )
    account = get_user_model().objects.select_for_update().get(pk=user.pk)
    account.email = f"erased-{account.pk}@erased.invalid"
    account.full_name = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    counts["accounts.User"] = 1
    for provider_id in sorted(provider_ids):
        activity_record(
            provider_id=provider_id,
            by=by,
            action="privacy.erased",
            summary=f"Personal data erased ({sum(counts.values())} records)",
            label=ERASED,
        )
    transaction.on_commit(lambda: [stored.storage.delete(stored.name) for stored in stored_files])
    return counts


def _copies_about(user):
    """Reminders whose subject is one of ``user``'s places or declarations, whoever they went to: their keys
    name it (``…:enrolment:<pk>:…``, ``…:declaration:<pk>:…``)."""
    places = list(Enrolment.objects.filter(participant=user).values_list("pk", flat=True))
    declarations = Declaration.objects.filter(enrolment_id__in=places).values_list("pk", flat=True)
    about = Q(pk__in=[])
    for marker in [f":enrolment:{pk}:" for pk in places] + [f":declaration:{pk}:" for pk in declarations]:
        about |= Q(key__contains=marker)
    return Reminder.objects.filter(about)


def _emails_about(user):
    """Emails naming ``user`` sent to the people around their places (their mentors and headteachers)."""
    if not user.full_name:
        return OutboxEmail.objects.none()
    places = Enrolment.objects.filter(participant=user)
    others = {
        email.lower() for email in places.exclude(headteacher_email="").values_list("headteacher_email", flat=True)
    }
    mentorships = Mentorship.objects.filter(enrolment__in=places)
    others |= {email.lower() for email in mentorships.values_list("email", flat=True)}
    others |= {email.lower() for email in mentorships.exclude(mentor=None).values_list("mentor__email", flat=True)}
    others.discard(user.email.lower())
    if not others:
        return OutboxEmail.objects.none()
    about = Q(body_text__icontains=user.full_name) | Q(subject__icontains=user.full_name)
    return OutboxEmail.objects.filter(about, to__in=others)


def _older_registers_naming(user) -> list[tuple]:
    """Register entries written before each person had one of their own, with ``user``'s mark in them."""
    if not user.full_name:
        return []
    provider_ids = Enrolment.objects.filter(participant=user).values("provider_id")
    entries = ActivityEntry.objects.filter(
        action="register.taken", about__isnull=True, provider_id__in=provider_ids, changes__has_key=user.full_name
    )
    return [(entry, entry.changes[user.full_name]) for entry in entries]


def retention_sweep(*, now=None) -> dict[str, int]:
    """Daily: prepared downloads older than 7 days; sign-in attempts, the sign-in log and uploaded participant
    lists older than 30 days; expired sessions; and the bodies of emails sent more than 90 days ago go."""
    now = now or timezone.now()
    old_files = list(StoredFile.objects.filter(created__lt=now - dt.timedelta(days=7)))
    for stored in old_files:
        if stored.file:
            stored.file.storage.delete(stored.file.name)
    files = StoredFile.objects.filter(pk__in=[f.pk for f in old_files]).delete()[0]
    month_ago = now - dt.timedelta(days=30)
    attempts = AccessAttempt.objects.filter(attempt_time__lt=month_ago).delete()[0]
    attempts += AccessFailureLog.objects.filter(attempt_time__lt=month_ago).delete()[0]
    attempts += AccountGuard.objects.filter(last_failure_at__lt=month_ago).delete()[0]
    sign_ins = AccessLog.objects.filter(attempt_time__lt=month_ago).delete()[0]
    sessions = Session.objects.filter(expire_date__lt=now).delete()[0]
    bodies = (
        OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, sent_at__lt=now - dt.timedelta(days=90))
        .exclude(body_text="")
        .update(body_text="", body_html="", attachments=[])
    )
    imports = ImportBatch.objects.filter(created__lt=now - dt.timedelta(days=IMPORT_DAYS)).delete()[0]
    imports += MarkImport.objects.filter(created__lt=now - dt.timedelta(days=IMPORT_DAYS)).delete()[0]
    imports += CompletionImport.objects.filter(created__lt=now - dt.timedelta(days=IMPORT_DAYS)).delete()[0]
    return {
        "files": files,
        "attempts": attempts,
        "sign_ins": sign_ins,
        "sessions": sessions,
        "email_bodies": bodies,
        "imports": imports,
    }
