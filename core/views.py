from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page, with the site's header and footer (Django's own renders it bare)."""
    return render(request, "400.html", status=400)
