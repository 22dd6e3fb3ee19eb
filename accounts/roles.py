"""Roles are Django groups with exactly the permissions they need, declared here once.

`manage.py migrate` (through post_migrate) and `manage.py sync_roles` make the database match
this declaration: missing groups are created and each group's permissions are set to exactly
the listed ones, so a permission granted by hand in the admin is taken back on the next sync.
"""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

COORDINATOR = "コーディネーター"
CONSULTATION_STAFF = "相談員"
SUPERVISOR = "主任相談員"
SYSTEM_ADMIN = "管理者"

# What consultation staff and supervisors both do with case records. Which cases they may see
# is not a permission but the one visibility rule (consultations.models.CaseQuerySet.visible_to):
# these grants only say that the role works with cases at all. Nobody deletes case data
# (retention anonymises instead), so no role has a delete permission on it.
_CASE_WORK: dict[str, list[str]] = {
    "consultations.inquiry": ["view", "change"],
    "consultations.case": ["view", "add", "change"],
    "consultations.person": ["view", "add", "change"],
    "consultations.householdlink": ["view", "add"],
    "consultations.consent": ["view", "add", "change"],
    "consultations.entry": ["view", "add"],
    "consultations.referral": ["view", "add", "change"],
    "consultations.task": ["view", "add", "change"],
    "consultations.flag": ["view", "add", "change"],
    "consultations.category": ["view"],
    "consultations.referraldestination": ["view"],
    "consultations.team": ["view"],
}

# group name -> {"app_label.model": [actions]}
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    # Content editors: every text of the plan, action items and hashtags. No users, no groups,
    # no adding or deleting the plan's fixed parts (the plan, its pillars, its driving forces).
    COORDINATOR: {
        "plan.plan": ["view", "change"],
        "pillars.pillar": ["view", "change"],
        "pillars.actionitem": ["view", "add", "change", "delete"],
        "pillars.hashtag": ["view", "add", "change", "delete"],
        "pillars.drivingforce": ["view", "change"],
        # The network's directory and its activities
        "networks.member": ["view", "add", "change", "delete"],
        "networks.facility": ["view", "add", "change", "delete"],
        "networks.activity": ["view", "add", "change", "delete"],
        "networks.activitysession": ["view", "add", "change", "delete"],
        "networks.activitydayoff": ["view", "add", "change", "delete"],
        "networks.coordinator": ["view", "add", "change", "delete"],
        # The council's contact points (窓口), their weekly hours and closed days
        "networks.contactpoint": ["view", "add", "change", "delete"],
        "networks.openinghours": ["view", "add", "change", "delete"],
        "networks.closure": ["view", "add", "change", "delete"],
        "networks.station": ["view", "add", "change", "delete"],  # 最寄り駅 of the lists
        # Member organisations' editors: their proposals (reviewed on /network/review/) and
        # their invitations
        "networks.proposal": ["view", "change"],
        "networks.editorinvitation": ["view", "add", "change"],
        "networks.membereditor": ["view", "delete"],
        # The network's meetings: view is also what makes a member (networks/permissions.py)
        "networks.meeting": ["view", "add", "change", "delete"],
        "networks.meetingdocument": ["view", "add", "change", "delete"],
        "networks.meetingattendance": ["view"],
        "networks.district": ["view"],
        "networks.theme": ["view"],
        "networks.targetgroup": ["view"],
        # Taking part: which activities take sign-ups, their rosters, dates called off or moved
        "participation.participationsettings": ["view", "add", "change", "delete"],
        "participation.participation": ["view", "change", "contact", "export"],
        "participation.seriesattendance": ["view", "change"],
        "participation.occurrencechange": ["view", "add"],
        # ネリーズ: coordinators know their volunteers and approve their stories
        "nerizu.nerizu": ["view"],
        "nerizu.story": ["view", "change"],
        # Progress of the plan and its yearly evaluation (点検・評価)
        "progress.milestone": ["view", "add", "change", "delete"],
        "progress.indicator": ["view", "add", "change", "delete"],
        "progress.indicatorvalue": ["view", "add", "change", "delete"],
        "progress.indicatorsnapshot": ["view"],
        "progress.statusoverride": ["view", "add", "change", "delete"],
        "progress.timelineentry": ["view", "add", "change", "delete"],
        "progress.evaluation": ["view", "add", "change", "delete"],
        "progress.pillarcomment": ["view", "add", "change", "delete"],
        # ふりがな: readings of words the analyser reads wrongly (core/furigana.py)
        "core.readingfix": ["view", "add", "change", "delete"],
    },
    # Consultation staff: the inquiries residents send and the cases of their team (personal
    # data; coordinators see none). Access also needs a confirmed second factor.
    CONSULTATION_STAFF: _CASE_WORK,
    # Supervisors of a team (TeamMembership.is_supervisor): all of their team's cases, the
    # access log of a case, reports, CSV exports and disclosure documents.
    SUPERVISOR: {
        **_CASE_WORK,
        "consultations.case": ["view", "add", "change", "supervise", "export"],
        "consultations.accesslog": ["view", "export"],
    },
    # System administrators: configuration in the admin (categories, teams and their members,
    # referral destinations, invitations of new staff). No case content, except through the
    # break-glass view with a reason.
    SYSTEM_ADMIN: {
        "consultations.category": ["view", "add", "change"],
        "consultations.team": ["view", "add", "change"],
        "consultations.teammembership": ["view", "add", "change", "delete"],
        # Inviting staff (change: send again or revoke; nothing is deleted, it is the record)
        "consultations.staffinvitation": ["view", "add", "change"],
        "consultations.referraldestination": ["view", "add", "change"],
        "consultations.case": ["break_glass"],
        # The audit export of the access log and the change history (no values in it)
        "consultations.accesslog": ["export"],
    },
}


def _permission_filter(grants: dict[str, list[str]]) -> Q:
    query = Q(pk__in=[])
    for model_label, actions in grants.items():
        app_label, model = model_label.split(".")
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return query


def sync_roles() -> dict[str, int]:
    """Create the role groups and set their permissions; returns permissions per group."""
    counts = {}
    for name, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(_permission_filter(grants)))
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # post_migrate is sent once per app, and each app's permissions appear in its own round;
    # syncing every round is cheap and leaves the groups complete after the last one.
    sync_roles()
