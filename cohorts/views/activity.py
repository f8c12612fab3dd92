"""The provider's activity log: read-only, for its admins, filtered by person, object, kind and date."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nasenco.access import require_perm

from ..forms import ActivityFilterForm
from ..models import Provider
from ..selectors import activity_for, administered_provider_ids
from ..services.activity import KINDS


@require_GET
@login_required
def activity_log(request):
    require_perm(request.user, "cohorts.view_activity")
    providers = Provider.objects.filter(pk__in=administered_provider_ids(request.user))
    form = ActivityFilterForm(request.GET or None, providers=providers, kinds=KINDS)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {name: data.get(name) for name in ("provider", "who", "text", "kind", "since", "until")}
        filters["obj"] = data["object"]
    entries = activity_for(request.user, **filters) if not form.errors else activity_for(request.user).none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cohorts/activity_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "kinds": KINDS, "filtered": bool(filters)},
    )
