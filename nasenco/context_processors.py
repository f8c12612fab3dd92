from django.conf import settings
from django.urls import reverse

from .navigation import items_for


def site(request):
    return {"site_name": settings.SITE_NAME}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [{"label": item.label, "url": reverse(item.url_name), "active": False} for item in items_for(user)]
    # The item whose address is the longest prefix of this page is the current one (/cohorts/venues/ is
    # "Venues", not "Cohorts").
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}
