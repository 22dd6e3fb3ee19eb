"""Requests carrying bytes the database cannot store are refused before any view sees them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from core.views import bad_request

NUL = "\x00"


class RejectNulMiddleware:
    """A 400 page for a NUL character in the path, the query string or a posted form field.

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), so a NUL that reaches
    a query turns into a 500 wherever a view filters on what it was given (a hashtag's name, a
    case number, the admin's search). No person types one; refusing it here, once, covers every
    URL and parameter. Files uploaded in a multipart form are left alone — a photo is made of
    such bytes — and only the form's text fields are looked at. Other bytes PostgreSQL would
    reject (invalid UTF-8, lone surrogates) never reach a view: Django decodes the path, the
    query string and form fields with replacement characters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or _has_nul(request.GET) or _has_nul(request.POST):
            return bad_request(request)
        return self.get_response(request)


def _has_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())
