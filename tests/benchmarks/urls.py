"""The portal's URLs plus the benchmark's two floors (only under tests.benchmarks.settings)."""

from django.urls import path

from nasenco.urls import handler400, handler403, handler404
from nasenco.urls import urlpatterns as portal

from . import floors

urlpatterns = [
    path("bench/floor/", floors.minimal),
    path("bench/floor/<int:n>/", floors.table),
    *portal,
]
__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]
