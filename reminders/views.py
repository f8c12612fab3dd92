"""Thin views: the admins' outbox and preview, people's preferences and notifications, provider wording."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Provider
from cohorts.selectors import administered_provider_ids, get_provider_administered_by, provider_choice
from nasenco.access import object_or_404, require_perm
from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import email_retry

from . import selectors, services
from .forms import PreferencesForm, TemplateForm
from .schedule import RULES, RULES_BY_CODE
from .schedule import render as fill
from .unsubscribe import UnsubscribeInvalid, reminder_opt_out, unsubscribe_from_token


@require_GET
@login_required
def outbox(request):
    """What was sent, what is queued and what failed for the admin's providers, and tomorrow's preview."""
    require_perm(request.user, "reminders.view_outbox")
    providers, provider_ids = provider_choice(request.user, request.GET.get("provider", ""))
    status = request.GET.get("status", "")
    if status not in OutboxEmail.Status.values:
        status = ""
    counts = selectors.status_counts(provider_ids)
    paginator = Paginator(selectors.reminders_of_providers(provider_ids, status=status or None), 50)
    paginator.count = counts[status]  # already counted, without joining the outbox again
    page = paginator.get_page(request.GET.get("page"))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return render(
        request,
        "reminders/outbox.html",
        {
            "page": page,
            "status": status,
            "counts": counts,
            "statuses": OutboxEmail.Status.choices,
            "tomorrow": tomorrow,
            "preview": selectors.preview_summary(tomorrow, provider_ids),
            "providers": Provider.objects.filter(pk__in=provider_ids),
            "provider_filter": providers,
            "provider_value": request.GET.get("provider", ""),
        },
    )


@require_POST
@login_required
def retry(request, pk):
    require_perm(request.user, "reminders.retry_email")
    reminder = object_or_404(
        selectors.reminders_of_providers(administered_provider_ids(request.user)).filter(email__isnull=False),
        email_id=pk,
    )
    if email_retry(email=reminder.email):
        messages.success(request, f"The email to {reminder.to} is queued to be sent again.")
    else:
        messages.info(request, "That email is no longer marked as failed, so nothing was changed.")
    return redirect(reverse("reminders:outbox") + "?status=failed")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    choices = selectors.optional_choices(request.user)
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, wanted=form.wanted())
        messages.success(request, "Your reminder choices are saved.")
        return redirect("reminders:preferences")
    required = [rule for rule in RULES if not rule.optional]
    return render(request, "reminders/preferences.html", {"form": form, "required": required})


@require_GET
@login_required
def notifications(request):
    page = Paginator(selectors.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "reminders/notifications.html", {"page": page})


@require_POST
@login_required
def notifications_read(request):
    pk = request.POST.get("pk")
    try:
        pk = int(pk) if pk else None
    except ValueError:
        raise Http404("No such notification.") from None
    services.notifications_mark_read(user=request.user, pk=pk)
    return redirect("dashboard" if request.POST.get("next") == "dashboard" else "reminders:notifications")


@require_GET
@login_required
def template_list(request, provider_pk):
    require_perm(request.user, "reminders.edit_templates")
    provider = get_provider_administered_by(request.user, provider_pk)
    custom = selectors.templates_of(provider)
    rows = [(rule, custom.get(rule.code)) for rule in RULES]
    return render(request, "reminders/template_list.html", {"provider": provider, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request, provider_pk, rule):
    require_perm(request.user, "reminders.edit_templates")
    provider = get_provider_administered_by(request.user, provider_pk)
    spec = RULES_BY_CODE.get(rule)
    if spec is None:
        raise Http404("No such reminder.")
    current = selectors.templates_of(provider).get(rule)
    initial = {"subject": current.subject if current else spec.subject, "body": current.body if current else spec.body}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("reset"):
        services.template_reset(provider=provider, rule=rule, by=request.user)
        messages.success(request, f"“{spec.label}” uses the standard wording again.")
        return redirect("reminders:templates", provider_pk=provider.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(provider=provider, rule=rule, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            messages.success(request, f"Your wording for “{spec.label}” is saved; the next sweep uses it.")
            return redirect("reminders:templates", provider_pk=provider.pk)
    sample = _sample(spec, form, initial)
    return render(
        request,
        "reminders/template_edit.html",
        {"provider": provider, "rule": spec, "form": form, "custom": current, "sample": sample},
    )


SAMPLE_VALUES = {
    "name": "Amira",
    "participant": "Amira Khan",
    "cohort": "Group 152",
    "provider": "Your provider",
    "link": "https://portal.example/…",
    "deadline": "31 August 2027",
    "days_remaining": "90",
    "when": "in 3 months",
    "component": "Assignment 1",
    "day": "Day 3",
    "date": "5 October 2026",
    "time": "09:30 to 15:30",
    "place": "Eastern Partnership Centre, Norwich",
    "count": "3",
    "outcomes": "A1, B2, C4",
}


def _sample(spec, form, initial) -> dict | None:
    """The wording filled with example values, so an admin sees the result before saving."""
    data = form.cleaned_data if form.is_bound and form.is_valid() and not form.errors else initial
    try:
        return {"subject": fill(data["subject"], SAMPLE_VALUES), "body": fill(data["body"], SAMPLE_VALUES)}
    except (KeyError, ValueError, IndexError, AttributeError):
        return None


@csrf_exempt  # RFC 8058: the mail client POSTs without a session; the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user, rule = unsubscribe_from_token(token)
    except UnsubscribeInvalid:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        reminder_opt_out(user=user, rule=rule)
        return render(request, "reminders/unsubscribe.html", {"rule": rule, "done": True})
    return render(request, "reminders/unsubscribe.html", {"rule": rule, "email": user.email})
