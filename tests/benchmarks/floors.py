"""The two floors every page is measured against, served through the same middleware as the portal.

- a minimal authenticated page: the base layout and a heading, no query of its own;
- a bare N-row table page: the base layout and one query's N rows (places with their person and cohort).

A page that shows N rows costs at least the N-row floor; the benchmark reports each page as a multiple of it.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.template import engines
from django.template.response import TemplateResponse

from enrolment.models import Enrolment

MINIMAL = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}<h1>Floor</h1>{% endblock %}'
)
TABLE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Table floor{% endblock %}{% block content %}'
    '<h1>{{ rows|length }} rows</h1><table class="table"><thead><tr><th>Name</th><th>Email</th><th>Cohort</th>'
    "<th>Status</th><th>Since</th></tr></thead><tbody>{% for row in rows %}<tr><td>{{ row.participant.full_name }}"
    "</td><td>{{ row.participant.email }}</td><td>{{ row.cohort.name }}</td><td>{{ row.get_status_display }}</td>"
    '<td>{{ row.created|date:"j F Y" }}</td></tr>{% endfor %}</tbody></table>{% endblock %}'
)


@login_required
def minimal(request):
    return TemplateResponse(request, MINIMAL, {})


@login_required
def table(request, n: int):
    if n > 500:
        raise Http404
    rows = list(Enrolment.objects.select_related("participant", "cohort").order_by("pk")[:n])
    return TemplateResponse(request, TABLE, {"rows": rows})
