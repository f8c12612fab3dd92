class PermissionsPolicyMiddleware:
    """Turn off browser features the portal never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class NoStoreMiddleware:
    """Nothing the portal generates is kept by a browser or a shared cache: pages, CSV and PDF downloads and
    calendar feeds carry people's personal data. A response that sets its own Cache-Control keeps it;
    static files never reach here (WhiteNoise answers them first, with long-lived caching)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cache-Control", "private, no-store")
        return response
