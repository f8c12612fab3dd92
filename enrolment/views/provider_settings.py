"""A provider admin's own wording of the headteacher declaration."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cohorts.selectors import get_provider_administered_by

from .. import services
from ..services.declarations import clauses_for


class ClausesForm(forms.Form):
    text = forms.CharField(
        label="Clauses the headteacher confirms, one per line",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=5000,
    )


@require_http_methods(["GET", "POST"])
@login_required
def declaration_clauses(request, provider_pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    form = ClausesForm(request.POST or None, initial={"text": clauses_for(provider)})
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_clauses_save(provider=provider, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form.add_error("text", error.message_dict.get("text", error.messages))
        else:
            messages.success(request, "The declaration's clauses are saved: new links use them.")
            return redirect("enrolment:declaration-clauses", provider_pk=provider.pk)
    return render(request, "enrolment/declaration_clauses.html", {"form": form, "provider": provider})
