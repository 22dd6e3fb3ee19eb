"""The project's URLconf plus /bench/bare/, a view that does no work (bench only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from nerima_portal.urls import urlpatterns as project_urlpatterns


def bare_view(request: HttpRequest) -> HttpResponse:
    """The floor: the full middleware stack with no queries and no template."""
    return HttpResponse("ok")


urlpatterns = [
    *project_urlpatterns,
    path("bench/bare/", bare_view, name="bench-bare"),
]
