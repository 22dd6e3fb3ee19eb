"""Searching the workspace as a browser does: the words are POSTed, the browser follows the
303 to a URL that carries a token (and the filters), never the words."""

from django.http import HttpResponse
from django.test import Client


def search_cases(client: Client, **data: object) -> HttpResponse:
    """Posts the case list's form (`q` and any filter) and GETs the page it redirects to."""
    posted = client.post("/staff/cases/", data)
    assert posted.status_code == 303, posted.status_code
    return client.get(posted["Location"])


def find_person(client: Client, **terms: object) -> HttpResponse:
    """Posts the intake page's person search and GETs the page it redirects to."""
    posted = client.post("/staff/cases/new/", {"find_person": "1", **terms})
    assert posted.status_code == 303, posted.status_code
    return client.get(posted["Location"])
