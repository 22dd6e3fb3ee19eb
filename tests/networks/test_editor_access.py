"""Editors see and touch only their own organisation's records.

Two member organisations, A and B, each with an editor, a facility, an activity and a pending
proposal whose texts carry markers. Every URL of the editor pages, the coordinators' review
and the admin is requested by A's editor, with B's objects wherever a URL names one: each
answer is a refusal (404, or the admin's login page) and holds none of B's unpublished text.
A's own URLs work for A. (tests/test_access_matrix.py covers these URLs for every persona.)
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from networks.models import EditorInvitation, Facility, Proposal
from tests.conftest import client_for
from tests.networks.editors import Organisation
from tests.test_access_matrix import url_patterns

pytestmark = pytest.mark.django_db


def paths_for(org: Organisation) -> dict[str, str]:
    """Every editor and review URL, naming `org`'s objects."""
    kwargs = {
        "editor:facility_edit": {"pk": org.facility.pk},
        "editor:activity_edit": {"pk": org.activity.pk},
        "editor:proposal": {"pk": org.proposal.pk},
        "editor:proposal_withdraw": {"pk": org.proposal.pk},
        "editor:confirm": {"token": "not-a-token"},
        "editor:invitation": {"token": "not-a-token"},
        "review:proposal": {"pk": org.proposal.pk},
        "review:invitation_revoke": {"pk": invitation_of(org).pk},
        "review:invitation_resend": {"pk": invitation_of(org).pk},
    }
    paths = {}
    for _pattern, name in url_patterns():
        if name.startswith(("editor:", "review:")):
            paths[name] = reverse(name, kwargs=kwargs.get(name, {}))
    assert len(paths) == 17, sorted(paths)
    return paths


def invitation_of(org: Organisation) -> EditorInvitation:
    """A pending invitation of a second editor for `org`."""
    invitation = EditorInvitation.objects.filter(member=org.member).first()
    if invitation is None:
        invitation = EditorInvitation(
            member=org.member, email=f"next-{org.tag}@example.jp", name="次の編集担当"
        )
        invitation.created_by = User.objects.create_user(f"coord-{org.tag}@example.jp")
        invitation.new_token()
        invitation.save()
    return invitation


def unpublished_markers(org: Organisation) -> list[str]:
    """B's texts that A's editor must never read outside public pages: its proposal, and the
    names of its records on any page that is not public."""
    return org.markers()


def body(response: object) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return content.decode("utf-8", errors="replace")


# Pages of A's editor that name no object of B's and are theirs (200), or POST-only (405), or
# a bad token for everyone (404), or an invitation step outside an invitation (404).
OWN_PAGES = {
    "editor:home": 200,
    "editor:member_edit": 200,
    "editor:facility_add": 200,
    "editor:activity_add": 200,
    "editor:confirm_now": 405,
    "editor:confirm": 404,
    "editor:invitation": 404,
    "editor:invitation_password": 404,
}

# Buttons that post on an object of the organisation: a GET is refused before any lookup (405);
# a POST on another organisation's object is a 404.
POST_ONLY = {"editor:proposal_withdraw"}
# The coordinators' buttons on an invitation (405 for a GET, once past the coordinator check)
REVIEW_BUTTONS = {"review:invitation_revoke", "review:invitation_resend"}


def test_an_editor_of_a_gets_nothing_of_b(org_a: Organisation, org_b: Organisation) -> None:
    client = client_for(org_a.editor)
    problems = []
    paths = paths_for(org_b)
    link = invitation_of(org_b).token_hash
    for name, path in paths.items():
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            text = body(response)
            # A POST to a page that only shows is refused before any lookup (405)
            if name.startswith("review:"):
                want = {404}
            elif name in POST_ONLY:
                want = {404} if method == "post" else {405}
            elif name in OWN_PAGES:
                want = {OWN_PAGES[name], 200, 302, 405} if method == "post" else {OWN_PAGES[name]}
                if name == "editor:confirm_now" and method == "post":
                    want = {302}  # confirms A's own entries
            else:
                want = {404, 405} if method == "post" else {404}
            if response.status_code not in want:
                problems.append(f"{method} {path}: {response.status_code} ≠ {want}")
            for marker in unpublished_markers(org_b):
                if marker in text:
                    problems.append(f"{method} {path}: {marker} leaked")
    assert not problems, "\n".join(problems)
    # Nothing of B's changed, no proposal made for B, B's proposal still waits
    assert Proposal.objects.filter(member=org_b.member).count() == 1
    org_b.proposal.refresh_from_db()
    assert org_b.proposal.state == Proposal.State.PENDING
    org_b.facility.refresh_from_db()
    assert org_b.facility.last_confirmed_on is None
    # B's invitation was neither revoked nor sent again
    assert invitation_of(org_b).state == EditorInvitation.State.PENDING
    assert invitation_of(org_b).token_hash == link


def test_every_admin_url_sends_an_editor_to_log_in(
    org_a: Organisation, org_b: Organisation
) -> None:
    """Editors are not staff: the admin opens nothing to them, whatever the model."""
    client = client_for(org_a.editor)
    problems = []
    for pattern, name in url_patterns():
        if not name.startswith("admin:") or name in ("admin:view_on_site", "admin:logout"):
            continue
        if "<" in pattern:
            match = name.removeprefix("admin:").split("_")
            if name.startswith("admin:networks_facility_"):
                args = [org_b.facility.pk]
            elif name.startswith("admin:networks_member_"):
                args = [org_b.member.pk]
            elif name.startswith("admin:networks_activity_"):
                args = [org_b.activity.pk]
            elif "<path:object_id>" in pattern or "<int:" in pattern or "<id>" in pattern:
                args = [1]
            elif name == "admin:app_list":
                args = [match[0]]
            else:
                continue
            try:
                path = reverse(name, args=args)
            except NoReverseMatch:  # a pattern with other parameters: none of B's objects
                continue
        else:
            path = reverse(name)
        response = client.get(path)
        if name == "admin:login":  # a signed-in account that is not staff: refused
            refused = response.status_code == 403
        else:
            refused = response.status_code == 302 and "/login/" in response.get("Location", "")
        if not refused:
            problems.append(f"{path}: {response.status_code}")
        for marker in unpublished_markers(org_b):
            if marker in body(response):
                problems.append(f"{path}: {marker} leaked")
    assert not problems, "\n".join(problems)


def test_an_editor_reaches_their_own_records(org_a: Organisation, org_b: Organisation) -> None:
    client = client_for(org_a.editor)
    for name, path in paths_for(org_a).items():
        if name.startswith("review:") or name in OWN_PAGES or name in POST_ONLY:
            continue
        assert client.get(path).status_code == 200, path
    home = body(client.get("/network/editor/"))
    assert "施設MKRA" in home
    assert "施設MKRB" not in home


def test_the_review_pages_are_for_coordinators_with_a_second_factor_only(
    org_a: Organisation, reviewer: User, resident: User
) -> None:
    for name, path in paths_for(org_a).items():
        if not name.startswith("review:"):
            continue
        assert Client().get(path)["Location"].startswith("/accounts/login/")
        assert client_for(resident).get(path).status_code == 404
        assert client_for(org_a.editor).get(path).status_code == 404
        assert client_for(reviewer).get(path).status_code == (
            405 if name in REVIEW_BUTTONS else 200
        )
        without_code = client_for(reviewer, second_factor=False).get(path)
        assert without_code["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_a_facility_moved_to_another_organisation_leaves_its_editor(
    org_a: Organisation, org_b: Organisation
) -> None:
    Facility.objects.filter(pk=org_a.facility.pk).update(member=org_b.member)
    client = client_for(org_a.editor)
    assert client.get(f"/network/editor/facilities/{org_a.facility.pk}/").status_code == 404


def test_a_coordinator_removes_an_editor_in_the_admin(
    org_a: Organisation, coordinator: User
) -> None:
    from networks.models import MemberEditor

    editor = MemberEditor.objects.get(user=org_a.editor)
    client = client_for(coordinator)
    url = reverse("admin:networks_membereditor_delete", args=[editor.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert client_for(org_a.editor).get("/network/editor/").status_code == 404
