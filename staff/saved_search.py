"""Search terms kept in the session, out of every URL.

A search in the workspace names people: a reading in kana, a phone number, a birth date. In a
URL those would land in every access log on the way (nginx, gunicorn) and in the browser's
history, so a search form POSTs its terms, they are kept here under a random token, and the
result page's URL carries only the token (`?search=<token>`). The terms live and die with the
session (logging out, the idle limit): another session, or the same person after logging in
again, finds nothing under the token.
"""

import secrets
from collections.abc import Mapping

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "staff.searches"
PARAMETER = "search"  # the query-string name of the token
KEEP = 20  # the newest searches kept per session (the browser's back button reaches these)


def remember(
    session: SessionBase, kind: str, terms: Mapping[str, str], *, token: str | None = None
) -> str:
    """Keeps the terms of a search of this `kind` ("cases", "persons"); its token."""
    token = token or secrets.token_urlsafe(12)
    searches = dict(session.get(SESSION_KEY, {}))
    searches.pop(token, None)
    searches[token] = {"kind": kind, "terms": dict(terms)}
    while len(searches) > KEEP:  # dicts keep their order: the oldest goes first
        searches.pop(next(iter(searches)))
    session[SESSION_KEY] = searches
    return token


def recall(session: SessionBase, kind: str, token: str | None) -> dict[str, str] | None:
    """The terms kept under the token for this kind of search; None if there are none."""
    saved = session.get(SESSION_KEY, {}).get(token or "")
    if not saved or saved.get("kind") != kind:
        return None
    return dict(saved["terms"])
