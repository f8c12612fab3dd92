"""The performance booklet: its structure per programme; a participant's entries; confirmation by the
mentor (or tutor); the headteacher's sign-off of the complete booklet, which passes the booklet component.

Seed: Roehampton's "School Based NASENCO Performance Booklet, which should be signed at the end by the
school's head teacher" (shared/seeds/003).
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from cohorts.services import activity_record
from enrolment.models import Enrolment
from nasenco.dates import long_date
from nasenco.files.uploads import clean_filename
from portfolio.models import Evidence

from ..models import BookletEntry, BookletItem, BookletSection, BookletSignoff
from ..selectors import booklet_of
from .heads import signoff_request


@transaction.atomic
def booklet_section_add(*, programme, title: str, by) -> BookletSection:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the section a title, e.g. “School-based tasks”."})
    if len(title) > 200:
        raise ValidationError({"title": f"Keep the title to 200 characters: this is {len(title):,}."})
    order = programme.booklet_sections.count()
    section = BookletSection.objects.create(programme=programme, title=title, order=order)
    _structure_record(programme, by=by, summary=f"Booklet section “{section.title}” added", obj=section)
    return section


@transaction.atomic
def booklet_item_add(*, section: BookletSection, title: str, record: str, confirmer: str, by) -> BookletItem:
    errors = {}
    if not title.strip():
        errors["title"] = "Give the task or standard a title."
    if not record.strip():
        errors["record"] = "Say what the participant records for it, e.g. “the minutes of the meeting and …”."
    if len(title.strip()) > 200:
        errors["title"] = f"Keep the title to 200 characters: this is {len(title.strip()):,}."
    if len(record.strip()) > 2000:
        errors["record"] = f"Keep this to 2,000 characters: this is {len(record.strip()):,}."
    if confirmer not in BookletItem.Confirmer.values:
        errors["confirmer"] = "Choose who confirms it: the mentor or the tutor."
    if errors:
        raise ValidationError(errors)
    item = BookletItem.objects.create(
        section=section,
        title=title.strip(),
        record=record.strip(),
        confirmer=confirmer,
        order=section.items.count(),
    )
    _structure_record(section.programme, by=by, summary=f"Booklet item “{item.title}” added", obj=item)
    return item


@transaction.atomic
def booklet_item_remove(*, item: BookletItem, by) -> None:
    """Only an item nobody has recorded against: what participants wrote is never lost."""
    if item.entries.exists():
        raise ValidationError(
            f"Participants have recorded work against “{item.title}”: it stays, so nothing they wrote is lost."
        )
    programme = item.section.programme
    _structure_record(programme, by=by, summary=f"Booklet item “{item.title}” removed", obj=None)
    item.delete()


@transaction.atomic
def booklet_ink_set(*, programme, required: bool, by) -> None:
    """Whether the head must sign in ink (upload a scan of the signed, pre-filled booklet)."""
    old = programme.booklet_ink_required
    if old == required:
        return
    type(programme).objects.filter(pk=programme.pk).update(booklet_ink_required=required)
    programme.booklet_ink_required = required
    activity_record(
        provider_id=programme.provider_id,
        by=by,
        action="booklet.structure",
        summary="Booklet to be signed in ink" if required else "Booklet may be signed online",
        obj=programme,
        label=programme.title,
        changes={"booklet_ink_required": (old, required)},
    )


@transaction.atomic
def entry_record(*, enrolment: Enrolment, item: BookletItem, text: str, evidence_ids=(), by) -> BookletEntry:
    """The participant records what they did for an item (text, portfolio evidence or both); it then waits for
    confirmation. A confirmed item, or a signed booklet, is final."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if item.section.programme_id != locked.cohort.programme_id:
        raise ValidationError("This item is not in your programme's booklet.")
    if BookletSignoff.objects.filter(enrolment=locked).exists():
        raise ValidationError("Your booklet is signed off: it can no longer change.")
    text = text.strip()
    if len(text) > 5000:
        raise ValidationError({"text": f"Keep it to 5,000 characters: this is {len(text):,}."})
    evidence = list(Evidence.objects.filter(pk__in=evidence_ids, portfolio__enrolment=locked))
    if len(evidence) != len(set(evidence_ids)):
        raise ValidationError({"evidence": "Choose evidence from your own portfolio."})
    if not text and not evidence:
        raise ValidationError({"text": "Write what you did, or choose portfolio evidence that shows it."})
    entry = BookletEntry.objects.filter(enrolment=locked, item=item).first()
    if entry and entry.status == BookletEntry.Status.CONFIRMED:
        raise ValidationError(f"“{item.title}” is already confirmed: it can no longer change.")
    old = entry.text if entry else None
    if entry is None:
        entry = BookletEntry(enrolment=locked, item=item)
    entry.text, entry.status, entry.recorded_at = text, BookletEntry.Status.WAITING, timezone.now()
    entry.save()
    entry.evidence.set(evidence)
    activity_record(
        provider_id=locked.cohort.provider_id,
        by=by,
        action="booklet.recorded",
        summary=f"Recorded “{item.title}”",
        obj=entry,
        label=item.title,
        about=locked.participant,
        changes={"text": (old, text)},
    )
    return entry


@transaction.atomic
def entry_confirm(*, entry: BookletEntry, by) -> BookletEntry:
    """Confirm one item. Twice is refused with who confirmed it and when. When the last item is confirmed the
    headteacher is asked to sign the booklet off."""
    locked = BookletEntry.objects.select_for_update().select_related("item", "enrolment").get(pk=entry.pk)
    _still_open(locked)
    locked.status, locked.confirmed_by, locked.confirmed_at = BookletEntry.Status.CONFIRMED, by, timezone.now()
    locked.confirmed_by_name, locked.response = by.full_name, ""
    locked.save(update_fields=["status", "confirmed_by", "confirmed_by_name", "confirmed_at", "response"])
    _entry_record(locked, by=by, action="booklet.confirmed", summary=f"Confirmed “{locked.item.title}”")
    enrolment = Enrolment.objects.select_related("participant", "cohort__provider").get(pk=locked.enrolment_id)
    if booklet_of(enrolment)["complete"]:
        signoff_request(enrolment=enrolment)
    return locked


@transaction.atomic
def entry_ask_more(*, entry: BookletEntry, by, response: str) -> BookletEntry:
    """Send an item back to the participant, saying what more is needed."""
    response = response.strip()
    if not response:
        raise ValidationError({"response": "Say what more the participant should record."})
    locked = BookletEntry.objects.select_for_update().select_related("item", "enrolment").get(pk=entry.pk)
    _still_open(locked)
    if len(response) > 2000:
        raise ValidationError({"response": f"Keep it to 2,000 characters: this is {len(response):,}."})
    locked.status, locked.response = BookletEntry.Status.MORE, response
    locked.save(update_fields=["status", "response"])
    _entry_record(locked, by=by, action="booklet.more-asked", summary=f"Asked for more on “{locked.item.title}”")
    return locked


def _still_open(entry: BookletEntry) -> None:
    if entry.status == BookletEntry.Status.CONFIRMED:
        raise ValidationError(
            f"“{entry.item.title}” was already confirmed by {entry.confirmed_by_name or 'someone'} on "
            f"{long_date(timezone.localtime(entry.confirmed_at))}. Nothing has changed."
        )
    if entry.status == BookletEntry.Status.MORE:
        raise ValidationError(f"“{entry.item.title}” is back with the participant: it waits for what they add.")
    if BookletSignoff.objects.filter(enrolment_id=entry.enrolment_id).exists():
        raise ValidationError("This booklet is signed off: it can no longer change.")


@transaction.atomic
def booklet_sign(
    *, enrolment: Enrolment, head_email: str, name: str, role: str, confirmed: bool, ip=None, ink=None, today=None
) -> BookletSignoff:
    """The headteacher signs off the complete booklet: typed name, role and an explicit confirmation, with the
    IP and the time; or (``ink``: an upload and its check) a wet-signed PDF of the pre-filled booklet.

    Refused, changing nothing: a booklet with items not yet confirmed, one already signed, a missing name,
    role or confirmation."""
    today = today or timezone.localdate()
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("participant", "cohort__programme", "cohort__provider")
        .get(pk=enrolment.pk)
    )
    existing = BookletSignoff.objects.filter(enrolment=locked).first()
    if existing is not None:
        raise ValidationError(
            f"This booklet was already signed off by {existing.signed_name} on {long_date(existing.signed_on)}."
        )
    booklet = booklet_of(locked)
    if not booklet["complete"]:
        left = booklet["counts"]["total"] - booklet["counts"]["confirmed"]
        raise ValidationError(
            f"The booklet cannot be signed yet: {left} of {booklet['counts']['total']} items are not confirmed. "
            "You will be emailed when every item is confirmed."
        )
    errors = {}
    if locked.cohort.programme.booklet_ink_required and not ink:
        errors["ink"] = (
            f"{locked.cohort.provider.name} needs the booklet signed in ink: download the pre-filled booklet, sign "
            "it, scan it and upload the scan here."
        )
    if not name.strip() or len(name.strip()) > 150:
        errors["name"] = "Type your full name as your signature (up to 150 characters)."
    if not role.strip() or len(role.strip()) > 100:
        errors["role"] = "Give your role, e.g. Headteacher (up to 100 characters)."
    if not confirmed:
        errors["confirm"] = "Tick the box to confirm the booklet is a true record."
    if errors:
        raise ValidationError(errors)
    signoff = BookletSignoff(
        enrolment=locked,
        method=BookletSignoff.Method.INK if ink else BookletSignoff.Method.TYPED,
        signed_name=name.strip(),
        signed_role=role.strip(),
        signed_on=today,
        signed_at=timezone.now(),
        ip=ip,
        head_email=head_email,
    )
    if ink:
        upload, checked = ink
        signoff.ink_file_name = clean_filename(upload.name)
        signoff.ink_file.save(f"signed-booklet.{checked.extension}", File(upload), save=False)
    signoff.save()
    activity_record(
        provider_id=locked.cohort.provider_id,
        by=None,
        action="booklet.signed",
        summary=f"Booklet signed off by {signoff.signed_name} ({signoff.signed_role}), "
        f"{signoff.get_method_display().lower()}",
        obj=signoff,
        label=locked.participant.full_name,
        about=locked.participant,
    )
    return signoff


def _entry_record(entry: BookletEntry, *, by, action: str, summary: str) -> None:
    enrolment = entry.enrolment
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=entry,
        label=entry.item.title,
        about=enrolment.participant,
        changes={"status": (None, entry.get_status_display())},
    )


def _structure_record(programme, *, by, summary: str, obj) -> None:
    activity_record(
        provider_id=programme.provider_id,
        by=by,
        action="booklet.structure",
        summary=summary,
        obj=obj,
        label=programme.title,
    )
