"""Views for the page cache tests: each counts how often it ran, and says so in its body."""

from collections import Counter

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    StreamingHttpResponse,
)
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control, never_cache

runs: Counter[str] = Counter()


def _ran(name: str) -> str:
    runs[name] += 1
    return f"{name} {runs[name]}"


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_ran("plain") + " " + request.GET.get("q", ""))


def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f"{_ran('form')} <input name=csrfmiddlewaretoken value={get_token(request)}>"
    )


def missing(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound(_ran("missing"))


def broken(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(_ran("broken"))


def cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_ran("cookie"))
    response.set_cookie("seen", "1")
    return response


@never_cache
def no_store(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_ran("no_store"))


@cache_control(private=True)
def private(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_ran("private"))


def stream(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter([_ran("stream")]))


def session(request: HttpRequest) -> HttpResponse:
    request.session["visited"] = True
    return HttpResponse(_ran("session"))


def vary(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_ran("vary"))
    response["Vary"] = "User-Agent"
    return response


urlpatterns = [
    path(f"{view.__name__.replace('_', '-')}/", view)
    for view in (plain, form, missing, broken, cookie, no_store, private, stream, session, vary)
]
