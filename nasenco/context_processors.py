from django.conf import settings
from django.urls import reverse

from .navigation import items_for


def site(request):
    return {"site_name": settings.SITE_NAME}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = []
    for item in items_for(user):
        url = reverse(item.url_name)
        active = current == url if url == "/" else current.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": items}
