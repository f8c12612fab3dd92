"""Writing to a cohort or a group of it: compose, see who it goes to and how it reads, then send."""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import get_cohort_for
from nasenco.access import object_or_404, require_perm
from nasenco.files.responses import private_file_response
from nasenco.files.uploads import check_evidence_upload

from . import messages as service
from .models import MESSAGE, Message, Reminder

MAX_ATTACHMENT_MB = 10


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label="To")
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    attachment = forms.FileField(label="Attachment (optional)", required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = service.audiences(cohort)
        names = ", ".join(f"{{{name}}}" for name in service.PLACEHOLDERS)
        self.fields["body"].help_text = f"You can use {names}: each person's own details are filled in."

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return upload, check_evidence_upload(upload, max_bytes=MAX_ATTACHMENT_MB * 1024 * 1024)


def _cohort(request, pk):
    cohort = get_cohort_for(request.user, pk)  # 404 outside the cohort's provider and tutors
    require_perm(request.user, "reminders.message_cohort", cohort)
    return cohort


def _message(request, pk) -> Message:
    message = object_or_404(Message.objects.select_related("cohort__provider", "sender"), pk=pk)
    _cohort(request, message.cohort_id)
    return message


@require_http_methods(["GET", "POST"])
@login_required
def cohort_messages(request, cohort_pk):
    """The messages sent to this cohort, newest first, and a form to write a new one."""
    cohort = _cohort(request, cohort_pk)
    form = MessageForm(request.POST or None, request.FILES or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            draft = service.message_draft_save(
                cohort=cohort,
                by=request.user,
                audience=form.cleaned_data["audience"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            return redirect("reminders:message", pk=draft.pk)
    sent = cohort.messages.filter(sent_at__isnull=False).select_related("sender").order_by("-sent_at")
    return render(request, "reminders/messages.html", {"cohort": cohort, "form": form, "sent": sent})


@require_GET
@login_required
def message_detail(request, pk):
    """A draft: who it goes to and how the first of them reads it. A sent message: what went to whom."""
    message = _message(request, pk)
    people = (
        service.recipients(message.cohort, message.audience, today=timezone.localdate())
        if message.sent_at is None
        else [r.recipient for r in message_reminders(message) if r.recipient]
    )
    example = None
    if people:
        values = service.values_for(message, people[0])
        example = {
            "to": people[0],
            "subject": service.render(message.subject, values),
            "body": service.render(message.body, values),
        }
    return render(request, "reminders/message.html", {"message": message, "people": people, "example": example})


def message_reminders(message: Message):
    return Reminder.objects.filter(rule=MESSAGE, milestone=f"m{message.pk}").select_related("recipient")


@require_POST
@login_required
def message_send(request, pk):
    message = _message(request, pk)
    try:
        count = service.message_send(message=message, by=request.user, today=timezone.localdate())
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect("reminders:message", pk=message.pk)
    flash.success(request, f"Sent to {count} participant{'s' if count != 1 else ''}, by email and in the portal.")
    return redirect("reminders:cohort-messages", cohort_pk=message.cohort_id)


@require_POST
@login_required
def message_discard(request, pk):
    message = _message(request, pk)
    try:
        service.message_discard(message=message, by=request.user)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect("reminders:message", pk=message.pk)
    flash.success(request, "The draft is discarded.")
    return redirect("reminders:cohort-messages", cohort_pk=message.cohort_id)


@require_GET
@login_required
def message_attachment(request, pk):
    """For the people it was sent to, and the cohort's staff."""
    message = object_or_404(Message.objects.exclude(attachment=""), pk=pk)
    if not service.may_open_attachment(request.user, message):
        _cohort(request, message.cohort_id)
    return private_file_response(
        request, message.attachment, filename=message.attachment_name, content_type=message.attachment_type
    )
