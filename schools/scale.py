"""``seed_scale``: the school-based element at national size. Every scale programme has a six-item booklet;
a quarter of the places on a programme have a school-based mentor (one colleague per school mentors all of
that school's mentees) and booklet entries: three confirmed, two waiting for the mentor, one sent back for more."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from enrolment.scale import school_number
from nasenco.folding import fold
from nasenco.scale import Scale, is_open

from .models import BookletEntry, BookletItem, BookletSection, Mentorship

SECTIONS = ("School-based tasks", "Professional standards")
ITEMS_EACH = 3
MENTORED_EVERY = 4  # one place in four has a mentor and a booklet under way
C, W, M = BookletEntry.Status.CONFIRMED, BookletEntry.Status.WAITING, BookletEntry.Status.MORE
STATUSES = [C, C, C, W, W, M]


def _items(programme_ids) -> dict[int, list[int]]:
    """{programme id: its booklet's item ids}, made once per programme (a handful of rows: the ORM)."""
    items = {}
    for programme_id in sorted(programme_ids):
        if not BookletSection.objects.filter(programme_id=programme_id).exists():
            for s, title in enumerate(SECTIONS):
                section = BookletSection.objects.create(programme_id=programme_id, title=title, order=s)
                for i in range(ITEMS_EACH):
                    BookletItem.objects.create(
                        section=section, title=f"{title} {i + 1}", record="What you did and what followed.", order=i
                    )
        items[programme_id] = list(
            BookletItem.objects.filter(section__programme_id=programme_id)
            .order_by("section__order", "order")
            .values_list("pk", flat=True)
        )
    return items


def seed(scale: Scale) -> None:
    mentored = [
        p for p in scale.objects["places"] if p["k"] % MENTORED_EVERY == 0 and not is_open(p["cohort"]["index"])
    ]
    if not mentored:
        return
    items = _items({p["cohort"]["programme"] for p in mentored})
    now = timezone.now()
    User = get_user_model()
    schools = sorted({school_number(p["cohort"], p["k"]) for p in mentored})
    mentor_ids = dict(zip(schools, scale.next_ids(User._meta.db_table, len(schools)), strict=True))
    scale.copy(
        User._meta.db_table,
        ["id", "password", "is_superuser", "email", "full_name", "search_name", "is_active", "is_staff",
         "date_joined", "two_factor_enabled"],
        (
            (pk, "!scale", False, f"mentor@scale-school-{n:05d}.example", f"Mentor {n:05d}", fold(f"Mentor {n:05d}"),
             True, False, now, False)
            for n, pk in mentor_ids.items()
        ),
    )  # fmt: skip
    scale.copy(
        Mentorship._meta.db_table,
        ["enrolment_id", "email", "name", "mentor_id", "nonce", "sent_at", "expires_at", "accepted_at"],
        (
            (p["id"], f"mentor@scale-school-{n:05d}.example", f"Mentor {n:05d}", mentor_ids[n], uuid.uuid4(),
             now - dt.timedelta(days=60), now - dt.timedelta(days=46), now - dt.timedelta(days=59))
            for p in mentored
            for n in [school_number(p["cohort"], p["k"])]
        ),
    )  # fmt: skip
    scale.copy(
        BookletEntry._meta.db_table,
        ["enrolment_id", "item_id", "text", "status", "recorded_at", "confirmed_by_id", "confirmed_by_name",
         "confirmed_at", "response"],
        (
            (p["id"], item, "Done, with what followed.", status, now - dt.timedelta(days=30 - i),
             mentor_ids[n] if status == C else None, f"Mentor {n:05d}" if status == C else "",
             now - dt.timedelta(days=20 - i) if status == C else None,
             "Add what the pupils said." if status == M else "")
            for p in mentored
            for n in [school_number(p["cohort"], p["k"])]
            for i, (item, status) in enumerate(zip(items[p["cohort"]["programme"]], STATUSES, strict=False))
        ),
    )  # fmt: skip
