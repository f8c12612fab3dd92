from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohorts.selectors import administered_provider_ids
from nasenco.access import require_perm

from .selectors import LIMIT, MIN_LENGTH, search


@require_GET
@login_required
def search_page(request):
    require_perm(request.user, "search.search")
    text = request.GET.get("q", "")
    found = search(request.user, text)
    return render(
        request,
        "search/results.html",
        {
            "q": text,
            "found": found,
            "too_short": bool(text.strip()) and len(text.strip()) < MIN_LENGTH,
            "limit": LIMIT,
            "admin": bool(administered_provider_ids(request.user)),
        },
    )
