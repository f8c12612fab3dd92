"""One confirmation page for irreversible or wide actions: what will happen, who is affected, what they will
be told; the same POST again with ``confirmed=1`` does it."""

from django.shortcuts import render


def confirm_page(request, *, title: str, lead: str, affected: list[str], button: str, back: str, email=None):
    """``email``: (subject, text, HTML) of what each person is sent, from ``mail.services.email_render``."""
    context = {
        "title": title,
        "lead": lead,
        "affected": affected,
        "button": button,
        "back": back,
        "email": {"subject": email[0], "text": email[1]} if email else None,
        "fields": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", "confirmed")
            for value in values  # a list of ticked boxes comes back whole
        ],
    }
    return render(request, "confirm.html", context)
