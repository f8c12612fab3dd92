"""Writes for providers, staff, programmes and cohorts. Views, commands and tasks call these."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.text import slugify

from .. import roster
from ..models import Cohort, Membership, Programme, Provider, TeachingDay, Venue
from .activity import activity_record, changes_between


def provider_create(
    *, name: str, slug: str, accrediting_university: str = "", contact_email: str = "", website: str = ""
) -> Provider:
    provider = Provider(
        name=name,
        slug=slug,
        accrediting_university=accrediting_university,
        contact_email=contact_email,
        website=website,
    )
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def delivery_partner_create(*, lead: Provider, name: str, dfe_delivery_partner_id=None, by) -> Provider:
    """A delivery partner under ``lead`` (an NPQ lead provider): a provider of its own, whose staff see only
    its cohorts and people, and whose admins are the lead provider's admins until it invites its own."""
    if lead.lead_provider_id is not None:
        raise ValidationError({"name": f"{lead.name} is itself a delivery partner: partners have no partners."})
    name = " ".join(name.split())
    if Provider.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"A provider called {name} already uses the portal."})
    base = slugify(name)[:50] or "partner"
    slug, n = base, 1
    while Provider.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    partner = Provider(name=name, slug=slug, lead_provider=lead, dfe_delivery_partner_id=dfe_delivery_partner_id)
    partner.full_clean()
    partner.save()
    summary = f"Delivery partner {name} added"
    _record(lead.pk, by, "settings.partner-added", summary, partner, label=name)
    _record(partner.pk, by, "settings.partner-added", f"Added as a delivery partner of {lead.name}", partner)
    return partner


@transaction.atomic
def delivery_partner_join(*, partner: Provider, lead: Provider, by) -> Provider:
    """An existing provider starts delivering NPQs under ``lead`` (its own National Award cohorts included:
    the lead's admins see them too). A platform step, not a provider's: the Django admin and the demo."""
    if lead.lead_provider_id is not None or partner.delivery_partners.exists() or partner.pk == lead.pk:
        raise ValidationError("A lead provider is not itself a delivery partner, and a partner has no partners.")
    Provider.objects.filter(pk=partner.pk).update(lead_provider=lead)
    partner.lead_provider = lead
    _record(lead.pk, by, "settings.partner-added", f"{partner.name} joined as a delivery partner", partner)
    _record(partner.pk, by, "settings.partner-added", f"Joined {lead.name} as a delivery partner", partner)
    return partner


@transaction.atomic
def membership_grant(*, provider: Provider, user, role: str, by=None) -> Membership:
    """Give ``user`` a staff role at ``provider``; granting a role already held changes nothing."""
    membership, created = Membership.objects.get_or_create(provider=provider, user=user, role=role)
    if created:
        summary = f"{membership.get_role_display()} role given"
        _record(
            provider.pk, by, "staff.granted", summary, membership, label=user.full_name, changes={"role": (None, role)}
        )
    return membership


@transaction.atomic
def venue_create(*, provider: Provider, name: str, address: str = "", postcode: str = "", by=None) -> Venue:
    venue = Venue(provider=provider, name=name, address=address, postcode=postcode)
    venue.full_clean()
    venue.save()
    _record(provider.pk, by, "settings.venue-added", "Venue added", venue)
    return venue


@transaction.atomic
def programme_create(*, provider: Provider, title: str, by=None, **fields) -> Programme:
    programme = Programme(provider=provider, title=title, **fields)
    programme.full_clean()
    programme.save()
    _record(provider.pk, by, "settings.programme-added", "Programme added", programme)
    return programme


def _record(provider_id, by, action, summary, obj, *, label="", changes=None) -> None:
    activity_record(
        provider_id=provider_id, by=by, action=action, summary=summary, obj=obj, label=label, changes=changes
    )


@transaction.atomic
def cohort_create(
    *,
    programme: Programme,
    name: str,
    academic_year: str,
    delivery: str,
    capacity: int = 20,
    status: str = Cohort.Status.DRAFT,
    days: Iterable[dict] = (),
    tutors: Iterable = (),
) -> Cohort:
    """Create a cohort with its timetable. ``days`` are dicts of TeachingDay fields (number, date, …)."""
    cohort = Cohort(
        provider=programme.provider,
        programme=programme,
        name=name,
        academic_year=academic_year,
        delivery=delivery,
        capacity=capacity,
        status=status,
    )
    cohort.full_clean()
    cohort.save()
    rows = [TeachingDay(cohort=cohort, **day) for day in days]
    for row in rows:
        if row.venue_id and row.venue.provider_id != programme.provider_id:
            raise ValueError("A teaching day's venue must belong to the cohort's provider.")
        row.full_clean(exclude=["cohort"])
    TeachingDay.objects.bulk_create(rows)
    if tutors:
        cohort.tutors.set(tutors)
    return cohort


def academic_year_of(day: dt.date) -> str:
    """The English academic year (1 September to 31 August) a date falls in, written "2023-24"."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


PROVIDER_SETTINGS = (
    "name",
    "accrediting_university",
    "contact_email",
    "website",
    "reply_to",
    "signatory_name",
    "signatory_role",
    "dfe_delivery_partner_id",
)


@transaction.atomic
def provider_update(*, provider: Provider, by, **fields) -> Provider:
    """A provider's own details: its name as participants see it, certificates' signatory, reply-to."""
    unknown = set(fields) - set(PROVIDER_SETTINGS)
    if unknown:
        raise ValueError(f"Not a provider setting: {sorted(unknown)}")
    locked = Provider.objects.select_for_update().get(pk=provider.pk)
    before = model_to_dict(locked, fields=list(fields))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    changes = changes_between(before, fields)
    if changes:
        summary = "Provider details changed: " + ", ".join(changes)
        _record(locked.pk, by, "settings.provider", summary, locked, changes=changes)
    return locked


@transaction.atomic
def provider_logo_save(*, provider: Provider, upload, checked, by) -> Provider:
    """A new logo for certificates: a PNG or JPEG already checked by content and re-encoded without metadata.
    The old file goes from storage once this commits."""
    locked = Provider.objects.select_for_update().get(pk=provider.pk)
    old = locked.logo.name if locked.logo else ""
    locked.logo.save(f"logo.{checked.extension}", checked.file(upload), save=False)
    locked.logo_type = checked.content_type
    locked.save(update_fields=["logo", "logo_type"])
    if old:
        storage = locked.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
    _record(
        locked.pk, by, "settings.provider", "Certificate logo changed", locked, changes={"logo": (old or None, "new")}
    )
    return locked


@transaction.atomic
def venue_update(*, venue: Venue, by, **fields) -> Venue:
    before = model_to_dict(venue, fields=list(fields))
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.full_clean()
    venue.save()
    changes = changes_between(before, model_to_dict(venue, fields=list(fields)))
    if changes:
        _record(
            venue.provider_id,
            by,
            "settings.venue-changed",
            "Venue changed: " + ", ".join(changes),
            venue,
            changes=changes,
        )
    return venue


@transaction.atomic
def programme_update(*, programme: Programme, by, **fields) -> Programme:
    """Change a programme's template. Existing cohorts keep their own days and times."""
    before = model_to_dict(programme, fields=list(fields))
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    changes = changes_between(before, model_to_dict(programme, fields=list(fields)))
    if changes:
        summary = "Programme settings changed: " + ", ".join(changes)
        _record(programme.provider_id, by, "settings.programme-changed", summary, programme, changes=changes)
    roster.cohorts_changed(*programme.cohorts.values_list("pk", flat=True))  # its terms decide eligibility
    return programme


# A cohort's life, one explicit step at a time (each through a confirmation page): the button's words,
# what it does, and what must be true first.
STATUS_STEPS = {
    (Cohort.Status.DRAFT, Cohort.Status.OPEN): "Publish and open for applications",
    (Cohort.Status.OPEN, Cohort.Status.RUNNING): "Close applications and start running",
    (Cohort.Status.OPEN, Cohort.Status.DRAFT): "Withdraw to draft",
    (Cohort.Status.RUNNING, Cohort.Status.CLOSED): "Close the cohort",
}


class StatusRefused(ValueError):
    pass


def cohort_status_problems(cohort: Cohort, status: str) -> list[str]:
    """Why ``cohort`` cannot move to ``status`` now (empty when it can)."""
    if (cohort.status, status) not in STATUS_STEPS:
        return [f"{cohort.name} is {cohort.get_status_display().lower()}; it cannot go to that step from there."]
    if status == Cohort.Status.OPEN and not cohort.days.exists():
        return ["Add the timetable first: applicants choose a cohort by its dates."]
    return []


@transaction.atomic
def cohort_status_set(*, cohort: Cohort, status: str, by) -> Cohort:
    """Move a cohort one step along draft → open → running → closed (or back to draft from open)."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    problems = cohort_status_problems(locked, status)
    if problems:
        raise StatusRefused(" ".join(problems))
    before = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated"])
    _record(
        locked.provider_id,
        by,
        "cohort.status",
        STATUS_STEPS[(before, status)],
        locked,
        changes={"status": (before, status)},
    )
    cohort.status, cohort.version = locked.status, locked.version
    return locked
