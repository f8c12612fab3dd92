"""The headteacher's link: one signed, expiring link per school and head, opening the head's view of their
own staff (and the booklets waiting for their signature). Renewed by email: asking for a new link sends it
to the address of record only; the link before it keeps working until it expires or the new one is opened,
so nobody can break a head's working link by asking for another (issue 25, 7)."""

import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from enrolment.models import Enrolment
from nasenco.mail.services import email_queue
from nasenco.navigation import link

from ..models import HeadAccess
from ..selectors import schools_headed_by

SALT = "nasenco.schools.head"
LINK_DAYS = 30
RESEND_AFTER = dt.timedelta(minutes=10)


class HeadLinkInvalid(Exception):
    """Altered, or replaced by a newer link."""


class HeadLinkExpired(Exception):
    pass


def head_token(head: HeadAccess) -> str:
    return signing.dumps({"h": head.pk, "n": str(head.nonce)}, salt=SALT)


def head_link(head: HeadAccess) -> str:
    return settings.SITE_URL + link("head_view", token=head_token(head))


def head_from_token(token: str) -> HeadAccess:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise HeadLinkInvalid from None
    head = HeadAccess.objects.select_related("school").filter(pk=data.get("h")).first()
    now = timezone.now()
    if head is None:
        raise HeadLinkInvalid
    if str(head.nonce) == data.get("n"):
        if head.expires_at <= now:
            raise HeadLinkExpired
        if head.previous_nonce:  # the newest link is in use: the one before it stops now
            HeadAccess.objects.filter(pk=head.pk).update(previous_nonce=None, previous_expires_at=None)
            head.previous_nonce = head.previous_expires_at = None
        return head
    if head.previous_nonce and str(head.previous_nonce) == data.get("n"):
        if head.previous_expires_at <= now:
            raise HeadLinkExpired
        return head
    raise HeadLinkInvalid


@transaction.atomic  # the row lock needs a transaction: a head signing in calls this from a plain request
def head_link_renew(*, school_id: int, email: str) -> HeadAccess:
    """A fresh link, valid for LINK_DAYS; the one before it keeps working until it expires or this is opened."""
    now = timezone.now()
    head, created = HeadAccess.objects.select_for_update().get_or_create(
        school_id=school_id,
        email=email.lower(),
        defaults={"sent_at": now, "expires_at": now + dt.timedelta(days=LINK_DAYS)},
    )
    if not created and head.expires_at > now:
        head.previous_nonce, head.previous_expires_at = head.nonce, head.expires_at
    head.nonce, head.sent_at, head.expires_at = uuid.uuid4(), now, now + dt.timedelta(days=LINK_DAYS)
    head.save(update_fields=["nonce", "sent_at", "expires_at", "previous_nonce", "previous_expires_at"])
    return head


def head_access_for(*, school_id: int, email: str) -> HeadAccess:
    """The head's current link, or a fresh one when there is none or it has expired (nothing is emailed)."""
    head = HeadAccess.objects.filter(school_id=school_id, email=email.lower(), expires_at__gt=timezone.now()).first()
    return head or head_link_renew(school_id=school_id, email=email)


@transaction.atomic
def head_link_request(*, email: str) -> int:
    """Email a new link for each school where ``email`` is a head of record. Says nothing about whether it
    is: the page answers the same either way. Returns how many links were sent."""
    email = email.strip().lower()
    sent = 0
    now = timezone.now()
    for school_id, school_name in schools_headed_by(email):
        fresh = HeadAccess.objects.filter(
            school_id=school_id, email=email, sent_at__gt=now - RESEND_AFTER, expires_at__gt=now
        )
        if fresh.exists():
            continue  # a working link went out minutes ago: asking again cannot flood a head's inbox
        head = head_link_renew(school_id=school_id, email=email)
        email_queue(
            to=email,
            template="schools/email/head_link",
            context={"school": school_name, "link": head_link(head), "expires": head.expires_at},
            key=f"head:{head.pk}:{head.nonce}",
        )
        sent += 1
    return sent


def signoff_request(*, enrolment: Enrolment) -> None:
    """Every item is confirmed: email the participant's head a (renewed) link to sign the booklet off."""
    school_id = getattr(getattr(enrolment.participant, "profile", None), "school_id", None)
    if not enrolment.headteacher_email or school_id is None:
        return
    # The head's current link if it still works: a second booklet completing must not break the first's email.
    head = head_access_for(school_id=school_id, email=enrolment.headteacher_email)
    path = link("head_booklet", token=head_token(head), pk=enrolment.pk)
    email_queue(
        to=enrolment.headteacher_email,
        template="schools/email/signoff_request",
        context={
            "enrolment": enrolment,
            "link": settings.SITE_URL + path,
            "expires": head.expires_at,
            "programme": enrolment.cohort.programme.short_name,
        },
        key=f"booklet-signoff:{enrolment.pk}:{head.nonce}",
        reply_to=enrolment.cohort.provider.reply_address,
    )
