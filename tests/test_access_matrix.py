"""The access matrix: every URL of the site, requested as every persona, against one table.

Team A holds two cases whose every text carries a unique marker: a 通常 case and a 制限 case,
both with `assigned` (a member of team A) as 主担当. The one visibility rule says:

    通常 case: its assigned staff, the other members of team A, team A's supervisor
    制限 case: its assigned staff and team A's supervisor — not the other members of team A

and nobody else: not team B, not coordinators, not 管理者, not the superuser, not staff who
have not enrolled a second factor, and not a session of the assigned staff, the supervisor or
管理者 that has not checked their second factor now (signed in without the code: enrolment
alone opens nothing). Each URL pattern of the resolver is requested once per
persona (and per case where it names one); the test fails on a URL it does not know how to
request, so a new page cannot slip past it. For every response to someone outside the rule,
none of the case's text (markers in the main concern, the entry detail, the person's name and
kana) appears in it, nor the case number where the URL did not carry it.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import COORDINATOR
from consultations.models import (
    Case,
    Entry,
    Flag,
    Inquiry,
    Referral,
    ReferralDestination,
    StaffInvitation,
    Task,
    Team,
)
from networks.models import Member, Proposal
from tests.conftest import PASSWORD, client_for
from tests.consultations.conftest import TEAM_A, TEAM_B, make_staff
from tests.consultations.factories import CaseFactory, EntryFactory, PersonFactory

pytestmark = pytest.mark.django_db

# --- The people -------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
RESIDENT = "resident"
COORDINATOR_ = "coordinator"
STAFF_A = "staff_a"  # 相談員 in team A, not assigned to the cases
ASSIGNED = "assigned"  # 相談員 in team A, 主担当 of both cases
STAFF_B = "staff_b"  # 相談員 in team B
SUPERVISOR_A = "supervisor_a"  # 主任相談員 of team A
SYSTEM_ADMIN = "system_admin"  # 管理者
SUPERUSER = "superuser"
NO_MFA = "staff_without_mfa"  # 相談員 in team A without a second factor
# The same people as ASSIGNED, SUPERVISOR_A and SYSTEM_ADMIN, enrolled, in a session that has
# not checked the second factor (tests/test_login_paths.py: how such a session comes about).
ASSIGNED_NO_CODE = "assigned_without_code"
SUPERVISOR_NO_CODE = "supervisor_a_without_code"
SYSTEM_ADMIN_NO_CODE = "system_admin_without_code"
WITHOUT_CODE = {ASSIGNED_NO_CODE: ASSIGNED, SUPERVISOR_NO_CODE: SUPERVISOR_A}
WITHOUT_CODE_ADMIN = {SYSTEM_ADMIN_NO_CODE: SYSTEM_ADMIN}

PERSONAS = [
    ANONYMOUS,
    RESIDENT,
    COORDINATOR_,
    STAFF_A,
    ASSIGNED,
    STAFF_B,
    SUPERVISOR_A,
    SYSTEM_ADMIN,
    SUPERUSER,
    NO_MFA,
    ASSIGNED_NO_CODE,
    SUPERVISOR_NO_CODE,
    SYSTEM_ADMIN_NO_CODE,
]
WORKSPACE = {STAFF_A, ASSIGNED, STAFF_B, SUPERVISOR_A}  # roles with cases, with MFA
SEES = {
    Case.Confidentiality.NORMAL: {STAFF_A, ASSIGNED, SUPERVISOR_A},
    Case.Confidentiality.RESTRICTED: {ASSIGNED, SUPERVISOR_A},
}
SUPERVISES = {SUPERVISOR_A}
# Who may correct the intake of the cases (received today): the supervisor, and the 主担当
# within a day of intake. The others who see a case are refused with 403.
CORRECTS = {ASSIGNED, SUPERVISOR_A}


def make_personas() -> dict[str, User | None]:
    resident = User.objects.create_user("m-resident@example.jp", PASSWORD, name="住民")
    coordinator = User.objects.create_user(
        "m-coordinator@example.jp", PASSWORD, name="コーディネーター", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    return {
        ANONYMOUS: None,
        RESIDENT: resident,
        COORDINATOR_: coordinator,
        STAFF_A: make_staff("m-staff-a@example.jp", "相談員A", team=TEAM_A),
        ASSIGNED: make_staff("m-assigned@example.jp", "担当者", team=TEAM_A),
        STAFF_B: make_staff("m-staff-b@example.jp", "相談員B", team=TEAM_B),
        SUPERVISOR_A: make_staff(
            "m-super@example.jp", "主任A", role="主任相談員", team=TEAM_A, supervisor=True
        ),
        SYSTEM_ADMIN: make_staff("m-sysadmin@example.jp", "管理者", role="管理者"),
        SUPERUSER: User.objects.create_superuser("m-root@example.jp", PASSWORD, name="root"),
        NO_MFA: make_staff("m-nomfa@example.jp", "未設定", team=TEAM_A, mfa=False),
    }


# --- The cases --------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User | None]
    cases: dict[str, Case]
    entries: dict[str, Entry]
    referrals: dict[str, Referral]
    participation_pk: int = 0  # the resident's place on a date of an activity
    proposal: Proposal | None = None

    def markers(self, kind: str) -> list[str]:
        return [f"MKR{kind}主訴", f"MKR{kind}経過", f"MKR{kind}氏名", f"mkr{kind}kana"]


@pytest.fixture
def world(sample_data: object) -> World:
    users = make_personas()
    cases, entries, referrals = {}, {}, {}
    for kind in Case.Confidentiality.values:
        case = CaseFactory(
            confidentiality=kind,
            primary_staff=users[ASSIGNED],
            main_concern=f"MKR{kind}主訴 の本文",
            person=PersonFactory(name=f"MKR{kind}氏名", kana=f"mkr{kind}kana"),
            received_on=timezone.localdate(),
        )
        cases[kind] = case
        entries[kind] = EntryFactory(
            case=case, staff=users[ASSIGNED], detail=f"MKR{kind}経過 の詳細"
        )
    # Configuration rows and an inquiry, so that every admin page has an object to show.
    destination = ReferralDestination.objects.create(name="社会福祉法人 マトリクス会")
    for kind, case in cases.items():
        referrals[kind] = Referral.objects.create(
            case=case,
            destination=destination,
            reason="理由",
            basis=Referral.Basis.NONE,
            created_by=users[ASSIGNED],
        )
    Inquiry.objects.create(
        contact_method=Inquiry.ContactMethod.NONE,
        topic=Inquiry.Topic.OTHER,
        message="申込みの本文",
        consented_at=timezone.now(),
        sender_key="w" * 64,
    )
    StaffInvitation.objects.create(
        email="m-invited@example.jp",
        name="招待中",
        team=Team.objects.get(slug=TEAM_A),
        role=StaffInvitation.Role.CONSULTATION_STAFF,
        token_hash="0" * 64,
        created_by=users[SYSTEM_ADMIN],
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    # An editor's proposal waiting for a coordinator (the review page names it)
    member = Member.objects.first()
    proposal = Proposal.objects.create(
        member=member,
        kind=Proposal.Kind.MEMBER,
        target_id=member.pk,
        before={"name": member.name},
        after={"name": member.name + "（変更）"},
    )
    return World(users, cases, entries, referrals, _resident_takes_part(users[RESIDENT]), proposal)


def _resident_takes_part(resident: User) -> int:
    """The first activity takes sign-ups; the resident holds a place on its next date, with
    an answer (a marker no one else may see)."""
    from networks.models import Activity
    from participation.models import Participation, ParticipationSettings

    activity = Activity.objects.order_by("pk").first()
    ParticipationSettings.objects.create(activity=activity, capacity=5)
    place = Participation.objects.create(
        activity=activity, user=resident, date=timezone.localdate(), answer=PLACE_MARKER
    )
    return place.pk


PLACE_MARKER = "MKRplace回答"


# --- Every URL of the resolver ----------------------------------------------------------------


def url_patterns() -> Iterator[tuple[str, str]]:
    """(pattern, name) for every URL, namespaced names joined with ':'."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield prefix + str(pattern.pattern), name

    yield from walk(get_resolver().url_patterns, "", "")


ADMIN_APPS = ("consultations",)  # the admin pages this matrix covers (the record's models)


@dataclass
class Request:
    name: str
    path: str
    method: str = "get"
    case_kind: str | None = None  # the case the URL names, if any
    make: Callable[[], str] | None = None  # builds a fresh object and returns the path
    app_label: str | None = None  # the model's app, for the admin's view-on-site shortcut


def requests_for(world: World) -> list[Request]:
    """Concrete requests for every URL pattern; fails on a pattern it does not know."""
    from nerizu.models import Story
    from networks.models import Activity, ContactPoint, Facility, Meeting, Member
    from pillars.models import ActionItem, Hashtag

    action = ActionItem.objects.select_related("pillar").first()
    story = Story.objects.first()
    public_meeting = Meeting.objects.filter(audience="public").first()
    simple = {
        "pillars:detail": {"number": 1},
        "pillars:action_item": {"number": action.pillar.number, "pk": action.pk},
        "pillars:hashtag": {"name": Hashtag.objects.first().name},
        "pillars:force": {"slug": "network"},
        "networks:member": {"pk": Member.objects.first().pk},
        "networks:facility": {"pk": Facility.objects.first().pk},
        "networks:activity": {"pk": Activity.objects.first().pk},
        "networks:activity_calendar": {"pk": Activity.objects.first().pk},
        "networks:meeting": {"pk": public_meeting.pk},
        "networks:meeting_document": {"pk": public_meeting.pk, "document": 999999},
        "networks:open_data_csv": {"slug": "members"},
        "networks:open_data_json": {"slug": "members"},
        "networks:contact_point": {"pk": ContactPoint.objects.first().pk},
        "networks:place_to_belong_map_district": {"slug": "nerima"},
        "networks:place_to_belong_map_theme": {"slug": "places-to-belong"},
        "coordinators:photo": {"pk": 1},
        "nerizu:story": {"pk": story.pk if story else 1},
        "nerizu:story_photo": {"pk": story.pk if story else 1},
        "nerizu:story_edit": {"pk": story.pk if story else 1},
        "nerizu:story_delete": {"pk": story.pk if story else 1},
        "nerizu:unsubscribe": {"token": "not-a-token"},
        "nerizu:message": {"pk": 1},
        "account_confirm_email": {"key": "not-a-key"},
        "account_reset_password_from_key": {"uidb36": "0", "key": "not-a-key"},
        "mfa_remove_webauthn": {"pk": 1},
        "mfa_edit_webauthn": {"pk": 1},
        "admin:auth_user_password_change": {"id": world.users[RESIDENT].pk},
        "progress:item": {"pk": action.pk},
        "progress:timeline_photo": {"pk": 1},
        "progress:evaluation": {"fiscal_year": 2025},
        "onboarding:start": {"token": "not-a-token"},
        "participation:join": {"pk": Activity.objects.order_by("pk").first().pk},
        "participation:roster": {"pk": Activity.objects.order_by("pk").first().pk},
        "participation:roster_csv": {"pk": Activity.objects.order_by("pk").first().pk},
        "participation:cancel": {"pk": world.participation_pk},
        "participation:feed": {"token": "not-a-token"},
        # Member organisations' editors (tests/networks/test_editor_access.py: editors of two
        # organisations against each other's URLs); nobody here is an editor
        "editor:facility_edit": {"pk": Facility.objects.first().pk},
        "editor:activity_edit": {"pk": Activity.objects.first().pk},
        "editor:proposal": {"pk": 1},
        "editor:proposal_withdraw": {"pk": world.proposal.pk},
        "editor:confirm": {"token": "not-a-token"},
        "editor:invitation": {"token": "not-a-token"},
        "review:proposal": {"pk": world.proposal.pk},
        # A coordinator's buttons on an editor invitation (any pk: everyone is stopped before
        # the lookup, coordinators here at the second factor)
        "review:invitation_revoke": {"pk": 1},
        "review:invitation_resend": {"pk": 1},
    }
    requests: list[Request] = []
    seen_patterns = 0
    for pattern, name in url_patterns():
        seen_patterns += 1
        if name.startswith("admin:"):
            requests += _admin_requests(pattern, name, world)
        elif name.startswith("staff:"):
            requests += _staff_requests(name, world)
        elif name in ("", "admin:"):
            raise AssertionError(f"an unnamed URL pattern: {pattern}")
        elif "<" in pattern or "(?P" in pattern:
            if name not in simple:
                raise AssertionError(f"the matrix does not know how to request {name} ({pattern})")
            requests.append(Request(name, reverse(name, kwargs=simple[name])))
            if name in ("participation:roster", "participation:roster_csv"):  # one date's
                path = reverse(name, kwargs=simple[name])
                requests.append(Request(name, f"{path}?date={timezone.localdate()}"))
        else:
            requests.append(Request(name, reverse(name)))
    # The editors' buttons post: a POST on the waiting proposal too (a GET is a 405)
    for name in EDITOR_BUTTONS:
        requests.append(Request(name, reverse(name, kwargs=simple[name]), method="post"))
    # So do the coordinators' buttons on an invitation
    for name in ("review:invitation_revoke", "review:invitation_resend"):
        requests.append(Request(name, reverse(name, kwargs=simple[name]), method="post"))
    # A members-only meeting: the network's members (coordinators) see it, nobody else does
    members_only = Meeting.objects.filter(audience="members").first()
    requests.append(
        Request(MEMBERS_ONLY_MEETING, reverse("networks:meeting", kwargs={"pk": members_only.pk}))
    )
    assert seen_patterns > 100
    return requests


def _admin_requests(pattern: str, name: str, world: World) -> list[Request]:
    if name == "admin:view_on_site":
        return _view_on_site_requests(world)
    model = re.match(r"admin:consultations_([a-z]+)_", name)
    if name in ("admin:index", "admin:app_list"):
        path = "/admin/" if name == "admin:index" else "/admin/consultations/"
        return [Request(name, path)]
    if not model:
        return []  # other apps' admin pages hold no case data (their own tests cover them)
    model_name = model.group(1)
    if name == "admin:consultations_accesslog_changelist":
        # The audit export: its form, and the CSV of today's access log and change history.
        today = timezone.localdate()
        return [Request(name, reverse(name))] + [
            Request(name, f"{reverse(name)}?kind={kind}&start={today}&end={today}")
            for kind in ("accesslog", "changerecord")
        ]
    if "<" not in pattern:
        return [Request(name, reverse(name))]
    objects = _admin_objects(model_name, world)
    return [Request(name, reverse(name, args=[pk]), case_kind=kind) for kind, pk in objects.items()]


def _view_on_site_requests(world: World) -> list[Request]:
    """/admin/r/<content type>/<pk>/ for a row of every model the admin knows (one per case
    for the case record's models): the shortcut turns a primary key into the object's URL."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    requests = []
    for model in admin.site._registry:
        content_type = ContentType.objects.get_for_model(model)
        app_label = model._meta.app_label
        if app_label == "consultations":
            objects = _admin_objects(model._meta.model_name, world)
        else:
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            objects = {None: first} if first is not None else {}
        for kind, pk in objects.items():
            path = reverse("admin:view_on_site", args=[content_type.pk, pk])
            requests.append(
                Request("admin:view_on_site", path, case_kind=kind, app_label=app_label)
            )
    assert any(request.app_label == "consultations" for request in requests)
    return requests


def _admin_objects(model_name: str, world: World) -> dict[str | None, int]:
    """The rows of a model's admin change pages to request: one per case where they belong."""
    by_case = {
        "case": {kind: case.pk for kind, case in world.cases.items()},
        "person": {kind: case.person_id for kind, case in world.cases.items()},
        "entry": {kind: entry.pk for kind, entry in world.entries.items()},
    }
    if model_name in by_case:
        return by_case[model_name]
    if model_name == "staffmember":  # consultation staff only (a proxy of the user model)
        return {None: world.users[STAFF_A].pk}
    from django.apps import apps

    model = apps.get_model("consultations", model_name)
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return {None: first or 1}


def _staff_requests(name: str, world: World) -> list[Request]:
    url = name.removeprefix("staff:")
    plain = {"dashboard", "inquiries", "cases", "case_create", "reports", "reports_csv"}
    if url in plain:
        return [Request(name, reverse(name))]
    if url == "inquiry_take":
        return [Request(name, "", method="post", make=_new_inquiry_take_path)]
    requests = []
    for kind, case in world.cases.items():
        number = case.number
        if url in ("case", "case_access_log", "intake_history"):
            requests.append(Request(name, reverse(name, args=[number]), case_kind=kind))
        elif url == "intake_correct":  # the form, and an empty post (no reason: 400)
            path = reverse(name, args=[number])
            requests.append(Request(name, path, case_kind=kind))
            requests.append(Request(name, path, method="post", case_kind=kind))
        elif url == "entry_correct":
            path = reverse(name, args=[number, world.entries[kind].pk])
            requests.append(Request(name, path, case_kind=kind))
        elif url == "task_complete":
            requests.append(
                Request(name, "", method="post", case_kind=kind, make=_new_task_path(case))
            )
        elif url == "flag_deactivate":
            requests.append(
                Request(name, "", method="post", case_kind=kind, make=_new_flag_path(case))
            )
        elif url == "referral_update":
            path = reverse(name, args=[number, world.referrals[kind].pk])
            requests.append(Request(name, path, method="post", case_kind=kind))
        elif url == "person_disclosure":
            path = reverse(name, args=[case.person_id])
            requests.append(Request(name, path, case_kind=kind))
        else:  # the case page's forms: POST only (GET is 405 for everyone who gets in)
            path = reverse(name, args=[number])
            requests.append(Request(name, path, method="post", case_kind=kind))
    return requests


def _new_inquiry_take_path() -> str:
    inquiry = Inquiry.objects.create(
        contact_method=Inquiry.ContactMethod.NONE,
        topic=Inquiry.Topic.LIVING,
        message="MKRinquiry 申込みの本文",
        consented_at=timezone.now(),
        sender_key="m" * 64,
    )
    return reverse("staff:inquiry_take", args=[inquiry.pk])


def _new_flag_path(case: Case) -> Callable[[], str]:
    def make() -> str:
        flag = Flag.objects.create(
            case=case,
            kind=Flag.Kind.CONTACT_CAUTION,
            instructions="注意",
            created_by=case.primary_staff,
        )
        return reverse("staff:flag_deactivate", args=[case.number, flag.pk])

    return make


def _new_task_path(case: Case) -> Callable[[], str]:
    def make() -> str:
        task = Task.objects.create(
            case=case,
            title="確認",
            due_on=dt.date(2025, 7, 1),
            assignee=case.primary_staff,
            created_by=case.primary_staff,
        )
        return reverse("staff:task_complete", args=[case.number, task.pk])

    return make


# --- What each persona should get -------------------------------------------------------------

LOGIN = "login"  # a redirect to the login page
MFA = "mfa"  # a redirect to the second factor's setup
CODE = "code"  # a redirect to enter the second factor in this session


def expected_staff(request: Request, persona: str) -> int | str:
    """The workspace's rule, page by page."""
    if persona == ANONYMOUS:
        return LOGIN
    if persona == NO_MFA:
        return MFA
    if persona in WITHOUT_CODE:
        return CODE
    if persona not in WORKSPACE:
        return 404
    url = request.name.removeprefix("staff:")
    if url in ("reports", "reports_csv", "person_disclosure", "case_access_log"):
        allowed = SUPERVISES
        if request.case_kind is not None:
            allowed = SUPERVISES & SEES[request.case_kind]
        return 200 if persona in allowed else 404
    if url == "inquiry_take":
        return 302
    if request.case_kind is None:
        return 200
    if persona not in SEES[request.case_kind]:
        return 404
    if url == "intake_correct" and persona not in CORRECTS:
        return 403
    if url in ("task_complete", "flag_deactivate"):
        return 302
    return 400 if request.method == "post" else 200


def may_see_case(request: Request, persona: str) -> set[str]:
    """The kinds of case whose text this persona may find in this response."""
    if request.name.startswith("staff:") and persona in WORKSPACE:
        return {kind for kind, people in SEES.items() if persona in people}
    return set()


# --- The test ---------------------------------------------------------------------------------


def client_as(world: World, persona: str) -> Client:
    """A session as after a real login (second factor checked where enrolled); the personas
    "without code" are the same accounts in a session that has not checked it."""
    without_code = {**WITHOUT_CODE, **WITHOUT_CODE_ADMIN}
    user = world.users[without_code.get(persona, persona)]
    if user is None:
        return Client()
    return client_for(user, second_factor=persona not in without_code)


def classify(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/") or location.startswith("/admin/login/"):
            return LOGIN
        if location.startswith("/accounts/2fa/reauthenticate/"):
            return CODE
        if location.startswith("/accounts/2fa/"):
            return MFA
    return response.status_code


def test_every_url_answers_each_persona_as_the_rules_say(world: World) -> None:
    clients = {persona: client_as(world, persona) for persona in PERSONAS}
    requests = requests_for(world)
    names = {request.name for request in requests}
    from django.contrib import admin

    registered = {
        f"admin:consultations_{model._meta.model_name}_changelist"
        for model in admin.site._registry
        if model._meta.app_label == "consultations"
    }
    assert {"staff:case", "staff:reports_csv", "consultations:statistics", "admin:index"} <= names
    assert registered <= names

    problems: list[str] = []
    for request in requests:
        answers = {}
        for persona, client in clients.items():
            path = request.make() if request.make else request.path
            response = getattr(client, request.method)(path)
            answers[persona] = classify(response)
            problems += leaks(world, request, persona, path, response)
            if request.name.startswith("staff:"):
                want = expected_staff(request, persona)
            elif request.name.startswith("admin:"):
                want = expected_admin(request, persona)
            elif request.name.startswith("onboarding:"):
                want = ONBOARDING[request.name]
            elif request.name in PARTICIPATION:
                want = PARTICIPATION[request.name](persona)
            elif request.name in SWITCHES:
                want = SWITCHES[request.name]
            elif request.name.startswith("review:"):
                want = expected_review(persona)
            elif request.name in EDITOR_BUTTONS:
                want = expected_editor_button(request, persona)
            elif request.name == MEMBERS_ONLY_MEETING:
                want = 200 if persona in NETWORK_MEMBERS else 404
            else:
                want = 200 if request.name in PUBLIC_FOR_EVERYONE else None
            if answers[persona] == 500 or (want is not None and answers[persona] != want):
                problems.append(f"{persona} {request.method} {path}: {answers[persona]} ≠ {want}")
        if (
            not request.name.startswith(("staff:", "admin:", "review:"))
            and request.name not in PARTICIPATION
            and request.name != MEMBERS_ONLY_MEETING
        ):
            problems += same_for_every_account(request, answers)
    assert not problems, "\n".join(problems)
    # Nobody here edits the proposal's organisation: it still waits for a coordinator
    world.proposal.refresh_from_db()
    assert world.proposal.state == Proposal.State.PENDING


def leaks(world: World, request: Request, persona: str, path: str, response) -> list[str]:
    """Case text in a response to someone outside the rule."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace") + response.get("Location", "")
    allowed = may_see_case(request, persona)
    found = []
    if PLACE_MARKER in text and persona not in SEES_PLACES.get(request.name, set()):
        found.append(f"{persona} {path}: the resident's answer leaked")
    for kind, case in world.cases.items():
        if kind in allowed:
            continue
        for marker in world.markers(kind):
            if marker in text:
                found.append(f"{persona} {path}: {marker} leaked")
        if case.number not in path and case.number in text:
            found.append(f"{persona} {path}: case number {case.number} leaked")
    return found


# Pages about one's own account: anonymous visitors are sent to log in.
SIGNED_IN_ONLY = {
    "nerizu:join",
    "nerizu:me",
    "nerizu:edit",
    "nerizu:withdraw",
    "nerizu:account_delete",
    "nerizu:story_create",
    "nerizu:story_edit",
    "nerizu:story_delete",
    "participation:join",
    "participation:calendar",
    "nerizu:following",
    "nerizu:messages",  # 404 without districts (tests/nerizu/test_message_access.py)
    "nerizu:message_create",
    "nerizu:message",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_confirm_login_code",
    # A member organisation's editor pages (404 for anyone who is not an editor)
    "editor:home",
    "editor:member_edit",
    "editor:facility_add",
    "editor:facility_edit",
    "editor:activity_add",
    "editor:activity_edit",
    "editor:proposal",
    "editor:proposal_withdraw",
    "editor:confirm_now",
}


def same_for_every_account(request: Request, answers: dict[str, int | str]) -> list[str]:
    """Outside the workspace and the admin a role changes nothing: every signed-in persona
    gets what the resident gets. (allauth's MFA pages differ only by whether the account has
    an authenticator, so they are held to the rule for anonymous visitors alone.)"""
    problems = []
    signed_in_only = request.name in SIGNED_IN_ONLY or request.name.startswith("mfa_")
    if signed_in_only and answers[ANONYMOUS] != LOGIN:
        problems.append(f"anonymous {request.path}: {answers[ANONYMOUS]}, not sent to log in")
    if request.name.startswith("mfa_") or request.name in COORDINATOR_PAGES:
        return problems
    for persona, answer in answers.items():
        if persona != ANONYMOUS and answer != answers[RESIDENT]:
            problems.append(f"{persona} {request.path}: {answer}, the resident {answers[RESIDENT]}")
    return problems


# Pages for coordinators with districts (and superusers), 404 for everyone else; every persona
# with and without districts: tests/nerizu/test_message_access.py.
COORDINATOR_PAGES = {"nerizu:messages", "nerizu:message_create", "nerizu:message"}


# Public pages every persona gets, signed in or not (the statistics among them).
PUBLIC_FOR_EVERYONE = {
    "plan:home",
    "plan:detail",
    "pillars:list",
    "pillars:detail",
    "pillars:action_item",
    "pillars:hashtags",
    "pillars:hashtag",
    "pillars:forces",
    "pillars:force",
    "networks:members",
    "networks:member",
    "networks:facilities",
    "networks:facility",
    "networks:activities",
    "networks:activity",
    "networks:place_to_belong_maps",
    "networks:place_to_belong_map_district",
    "networks:place_to_belong_map_theme",
    "networks:open_data",
    "networks:contact_points",
    "robots_txt",
    "sitemap",
    "networks:contact_point",
    "networks:meetings",
    "networks:meeting",
    "search:search",
    "coordinators:list",
    "consultations:consult",
    "consultations:privacy",
    "consultations:statistics",
    "nerizu:index",
    "nerizu:terms",
    "nerizu:stories",
    "nerizu:unsubscribe",  # asks before it stops anything; a forged token's POST is a 404
    "progress:index",
    "progress:forces",
    "progress:districts",
    "progress:item",
}

# Switches everyone may use, signed in or not: a cookie, then back to a page (302).
SWITCHES = {
    "display": 302,  # text size, colours, ふりがな (core/preferences.py)
}


# Taking part: the roster and its CSV for the organiser (coordinators; the superuser holds
# every permission), a place cancelled by its holder alone, a feed at a token nobody holds.
ORGANISERS = {COORDINATOR_, SUPERUSER}
PARTICIPATION: dict[str, Callable[[str], int | str]] = {
    "participation:roster": lambda p: LOGIN if p == ANONYMOUS else 200 if p in ORGANISERS else 404,
    "participation:roster_csv": lambda p: (
        LOGIN if p == ANONYMOUS else 200 if p in ORGANISERS else 404
    ),
    "participation:cancel": lambda p: LOGIN if p == ANONYMOUS else 200 if p == RESIDENT else 404,
    "participation:feed": lambda p: 404,
}
# Who may find the resident's answer in a response: the resident's own pages, the roster
SEES_PLACES = {
    "participation:roster": ORGANISERS,
    "participation:roster_csv": ORGANISERS,
    "nerizu:me": {RESIDENT},
}


# Members of the network (networks.permissions.is_network_member): coordinators with the content
# role, and the superuser (every permission). Nobody of the consultation roles.
MEMBERS_ONLY_MEETING = "networks:meeting (members only)"
NETWORK_MEMBERS = {COORDINATOR_, SUPERUSER}


# The invitation's steps, for everyone without an invitation in the session: a link that is
# not one says so (404); the later steps, outside an onboarding, send to /staff/ (its guard).
ONBOARDING = {
    "onboarding:start": 404,
    "onboarding:password": 404,
    "onboarding:second_factor": 302,
    "onboarding:authenticator_app": 302,
    "onboarding:security_key": 302,
    "onboarding:recovery_codes": 302,
}


# Buttons of a member organisation's editors on one of its objects (the waiting proposal of a
# member nobody here edits): anonymous visitors are sent to log in; for everyone signed in a GET
# is refused before any lookup (405), a POST finds nothing of theirs (404).
EDITOR_BUTTONS = {"editor:proposal_withdraw"}


def expected_editor_button(request: Request, persona: str) -> int | str:
    if persona == ANONYMOUS:
        return LOGIN
    return 405 if request.method == "get" else 404


def expected_review(persona: str) -> int | str:
    """The coordinators' review of editors' proposals: coordinators (and the superuser, who
    holds every permission) with a second factor passed in this session; here none has one
    enrolled, so they are sent to set it up. Anyone else: 404."""
    if persona == ANONYMOUS:
        return LOGIN
    return MFA if persona in (COORDINATOR_, SUPERUSER) else 404


def expected_admin(request: Request, persona: str) -> int | str:
    """The admin for the consultation models: configuration (categories, teams, referral
    destinations) is read by case workers and changed by 管理者 and the superuser; the inquiry
    queue is for staff with a second factor; cases open only to 管理者 with a second factor,
    and only through the break-glass reason form (302 to it, 200 for the form itself). Nothing
    is deleted, nothing is added by hand, and cases have no admin history page."""
    if persona in (ANONYMOUS, RESIDENT):
        return LOGIN
    if request.name == "admin:view_on_site":
        # Case records have no public or workspace URL to hand out (no get_absolute_url);
        # other models' shortcuts lead to public pages (checked for leaks like every answer).
        return 404 if request.app_label == "consultations" else None
    if request.name == "admin:index":
        return 200
    if request.name == "admin:app_list":
        return 404 if persona == COORDINATOR_ else 200
    model, view = re.fullmatch(r"admin:consultations_([a-z]+)_([a-z]+)", request.name).groups()
    if model == "inquiry" and view == "history":
        # The object is looked up through Inquiry.objects.visible_to: for anyone else it does
        # not exist, which the admin answers with a redirect (and nothing of the inquiry).
        return 200 if persona in WORKSPACE else 302
    if model == "accesslog":
        # The audit export (no case content in it): supervisors and 管理者 with their second
        # factor; not the superuser flag alone.
        return 200 if persona in (SUPERVISOR_A, SYSTEM_ADMIN) else 403
    if persona == COORDINATOR_ or view == "delete":
        return 403
    case_workers = {*WORKSPACE, NO_MFA, *WITHOUT_CODE}
    administrators = {SYSTEM_ADMIN, SYSTEM_ADMIN_NO_CODE, SUPERUSER}
    if model in ("category", "team", "referraldestination"):
        if view == "add":
            return 200 if persona in administrators else 403
        return 200 if persona in case_workers | administrators else 403
    if model == "inquiry":
        if view == "add":
            return 403
        return 200 if persona in WORKSPACE else 403
    if model in ("staffinvitation", "staffmember"):
        # 管理者 with the code of this session invite and off-board staff (not the superuser
        # as such: the user page is theirs). Staff come only through an invitation.
        if model == "staffmember" and view == "add":
            return 403
        return 200 if persona == SYSTEM_ADMIN else 403
    if model == "case":
        if persona != SYSTEM_ADMIN or view in ("add", "history"):
            return 403
        return 200 if view == "changelist" else 302
    raise AssertionError(f"no rule for the admin page {request.name}")
