"""Personal-data rights, driven by the inventory (``privacy/inventory.py``): the subject-access export, erasure,
and the retention sweep."""

import datetime as dt
import io
import json
import zipfile

from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessment.models import MarkImport
from cohorts.models import ActivityEntry
from cohorts.services import activity_record
from enrolment.models import Declaration, Enrolment, ImportBatch
from nasenco.dates import long_date
from nasenco.files.models import StoredFile
from nasenco.files.uploads import clean_filename
from nasenco.mail.models import OutboxEmail
from reminders.models import Reminder

from .inventory import HOLDINGS, Holding

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


def subject_access_zip(user) -> bytes:
    """Everything held about ``user``: ``data.json`` (every holding's exported fields, with why it is held)
    and the files (evidence, work, annotated copies, declaration scans) under ``files/``."""
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
        for name, stored in files:
            with stored.open("rb") as handle:
                archive.writestr(name, handle.read())
    return buffer.getvalue()


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
    # Reminders about them sent to their head or provider name them too; found before their places go.
    copy_ids = list(_copies_about(user).values_list("pk", flat=True))
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
    # What they did themselves (applied, proposed a mapping) stays in the log without their name.
    counts["cohorts.ActivityEntry (by them)"] = ActivityEntry.objects.filter(by=user).update(by_name=ERASED)
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


def retention_sweep(*, now=None) -> dict[str, int]:
    """Daily: prepared downloads older than 7 days, sign-in attempts and uploaded participant lists older than
    30 days, and the bodies of emails sent more than 90 days ago go."""
    now = now or timezone.now()
    old_files = list(StoredFile.objects.filter(created__lt=now - dt.timedelta(days=7)))
    for stored in old_files:
        if stored.file:
            stored.file.storage.delete(stored.file.name)
    files = StoredFile.objects.filter(pk__in=[f.pk for f in old_files]).delete()[0]
    attempts = AccessAttempt.objects.filter(attempt_time__lt=now - dt.timedelta(days=30)).delete()[0]
    bodies = (
        OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, sent_at__lt=now - dt.timedelta(days=90))
        .exclude(body_text="")
        .update(body_text="", body_html="", attachments=[])
    )
    imports = ImportBatch.objects.filter(created__lt=now - dt.timedelta(days=IMPORT_DAYS)).delete()[0]
    imports += MarkImport.objects.filter(created__lt=now - dt.timedelta(days=IMPORT_DAYS)).delete()[0]
    return {"files": files, "attempts": attempts, "email_bodies": bodies, "imports": imports}
