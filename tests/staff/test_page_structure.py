"""Every workspace page: one h1, headings without skipped levels, no inline script or style
(the CSP forbids them), the skip link, and the staff menu."""

import itertools

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Flag
from tests.consultations.factories import EntryFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_every_staff_page_is_well_formed(
    supervisor_a: User, supervisor_a_client: Client, a_case: Case
) -> None:
    old = EntryFactory(case=a_case, staff=supervisor_a)
    Flag.objects.create(
        case=a_case,
        kind=Flag.Kind.CONTACT_CAUTION,
        instructions="午後のみ",
        created_by=supervisor_a,
    )
    # Searches are posted; their result pages are where the redirects lead.
    searched = supervisor_a_client.post("/staff/cases/", {"q": "x", "status": "received"})
    found = supervisor_a_client.post("/staff/cases/new/", {"find_person": "1", "kana": "しゃ"})
    pages = [
        "/staff/",
        "/staff/inquiries/",
        "/staff/cases/",
        searched["Location"],
        "/staff/cases/?received_from=bad",
        "/staff/cases/new/",
        found["Location"],
        f"/staff/cases/{a_case.number}/",
        f"/staff/cases/{a_case.number}/entries/{old.pk}/correct/",
        f"/staff/cases/{a_case.number}/access-log/",
        "/staff/reports/",
        f"/staff/persons/{a_case.person_id}/disclosure/",
    ]
    for url in pages:
        response = supervisor_a_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        headings = parse(response).headings
        assert headings.count(1) == 1, url
        assert headings[0] == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), (url, headings)
        for inline in ("<script", "<style", " style="):
            assert inline not in html, (url, inline)
        assert '<a class="skip-link" href="#main">' in html, url
        assert 'aria-label="相談業務メニュー"' in html, url


def test_forms_drawn_with_errors_keep_headings_in_order(
    staff_a_client: Client, a_case: Case
) -> None:
    for response in (
        staff_a_client.post("/staff/cases/new/", {}),
        staff_a_client.post(f"/staff/cases/{a_case.number}/entries/", {}),
    ):
        assert response.status_code == 400
        headings = parse(response).headings
        assert headings.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings
