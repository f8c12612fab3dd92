"""My work: everything waiting for the signed-in person, across their cohorts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..work import SHOWN, my_work


@require_GET
@login_required
def my_work_page(request):
    return render(
        request, "assessment/my_work.html", {"kinds": my_work(request.user, today=timezone.localdate()), "shown": SHOWN}
    )
