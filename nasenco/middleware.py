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


class HealthCheckMiddleware:
    """``/healthz`` answers whatever the Host header says: a load balancer asks by the instance's IP address,
    which is rightly not in ALLOWED_HOSTS. Only this one read-only path skips the host check (it names no
    host and sets no cookie); every other path still gets Django's 400 for an unknown host."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from .views import healthz

            return healthz(request)
        return self.get_response(request)
