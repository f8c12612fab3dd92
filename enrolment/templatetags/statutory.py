"""One way to show the statutory answer, on every page that shows it."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("enrolment/_statutory.html")
def statutory_deadline(answer):
    """The deadline, its status today and the reasons behind it, from a stored or freshly made answer.
    Someone who cannot take the course gets the date, the reasons and the badge "Not eligible for this
    course", never "on track", which would read as if this course could meet it."""
    today = timezone.localdate()
    status = answer.status_on(today)
    days_left = (answer.deadline - today).days if answer.required and answer.deadline else None
    return {
        "answer": answer,
        "status": status,
        "days_left": days_left,
        "days_ago": -days_left if days_left is not None and days_left < 0 else None,
        "badge": True,  # for someone the course cannot qualify, the badge says so: "Not eligible for this course"
    }


@register.simple_tag
def deadline_status(answer):
    """``{% deadline_status answer as status %}``: the status today, for PDFs and tables."""
    return answer.status_on(timezone.localdate())


@register.inclusion_tag("enrolment/_status_badge.html")
def deadline_badge(status):
    return {"status": status}


@register.inclusion_tag("enrolment/_eligibility.html")
def eligibility(answer):
    """The eligibility decision, its scope and reasons; or what we still need to know."""
    return {"answer": answer}
