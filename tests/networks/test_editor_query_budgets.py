"""The editor's and the coordinators' pages render in a fixed number of queries: with ten times
the sample data, and ten times an organisation's own records and proposals, the count is the
same as with one of each."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from networks.models import Proposal
from tests.conftest import client_for
from tests.factories import ActivityFactory, FacilityFactory
from tests.networks.editors import Organisation, make_coordinator, make_organisation

pytestmark = pytest.mark.django_db

# Session, user, second-factor records, the editor's organisation, then the page's own rows.
BUDGET = 14


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(org: Organisation, times: int) -> None:
    for n in range(times):
        facility = FacilityFactory(member=org.member, name=f"追加施設{n}")
        ActivityFactory(organiser=org.member, facility=facility, title=f"追加活動{n}")
        Proposal.objects.create(
            member=org.member,
            kind=Proposal.Kind.FACILITY,
            target_id=facility.pk,
            before={"name": facility.name},
            after={"name": facility.name + "改"},
            created_by=org.editor,
        )


def urls(org: Organisation) -> list[tuple[str, str]]:
    return [
        ("editor", "/network/editor/"),
        ("editor", "/network/editor/member/"),
        ("editor", f"/network/editor/facilities/{org.facility.pk}/"),
        ("editor", "/network/editor/facilities/new/"),
        ("editor", f"/network/editor/activities/{org.activity.pk}/"),
        ("editor", "/network/editor/activities/new/"),
        ("editor", f"/network/editor/proposals/{org.proposal.pk}/"),
        ("review", "/network/review/"),
        ("review", f"/network/review/proposals/{org.proposal.pk}/"),
        ("review", "/network/review/invitations/"),
    ]


def test_editor_and_review_pages_do_not_grow_with_the_data(plan: object) -> None:
    call_command("load_sample_data", verbosity=0)
    org = make_organisation("A")
    reviewer: User = make_coordinator()
    clients = {"editor": client_for(org.editor), "review": client_for(reviewer)}
    small = {url: count(clients[who], url) for who, url in urls(org)}

    call_command("load_sample_data", "--copies", "10", verbosity=0)
    grow(org, 10)
    large = {url: count(clients[who], url) for who, url in urls(org)}

    assert small == large
    assert max(large.values()) <= BUDGET, large
