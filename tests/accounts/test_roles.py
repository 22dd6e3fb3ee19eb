import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import CONSULTATION_STAFF, COORDINATOR, SUPERVISOR, SYSTEM_ADMIN


@pytest.mark.django_db
def test_the_coordinator_group_has_exactly_the_content_permissions() -> None:
    group = Group.objects.get(name=COORDINATOR)

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == {
        "plan.view_plan",
        "plan.change_plan",
        "pillars.view_pillar",
        "pillars.change_pillar",
        "pillars.view_actionitem",
        "pillars.add_actionitem",
        "pillars.change_actionitem",
        "pillars.delete_actionitem",
        "pillars.view_hashtag",
        "pillars.add_hashtag",
        "pillars.change_hashtag",
        "pillars.delete_hashtag",
        "pillars.view_drivingforce",
        "pillars.change_drivingforce",
        *(
            f"networks.{action}_{model}"
            for model in (
                "member",
                "facility",
                "activity",
                "activitysession",
                "activitydayoff",
                "coordinator",
                "station",
                "meeting",
                "meetingdocument",
                "contactpoint",
                "openinghours",
                "closure",
            )
            for action in ("view", "add", "change", "delete")
        ),
        "networks.view_meetingattendance",
        "networks.view_district",
        "networks.view_theme",
        "networks.view_targetgroup",
        # Member organisations' editors: reviewing their proposals, inviting them
        "networks.view_proposal",
        "networks.change_proposal",
        "networks.view_editorinvitation",
        "networks.add_editorinvitation",
        "networks.change_editorinvitation",
        "networks.view_membereditor",
        "networks.delete_membereditor",
        "nerizu.view_nerizu",
        "nerizu.view_story",
        "nerizu.change_story",
        # Taking part: sign-ups, rosters (with addresses and the CSV), dates called off
        *(
            f"participation.{action}_participationsettings"
            for action in ("view", "add", "change", "delete")
        ),
        "participation.view_participation",
        "participation.change_participation",
        "participation.contact_participation",
        "participation.export_participation",
        "participation.view_seriesattendance",
        "participation.change_seriesattendance",
        "participation.view_occurrencechange",
        "participation.add_occurrencechange",
        # Progress of the plan and its yearly evaluation
        *(
            f"progress.{action}_{model}"
            for model in (
                "milestone",
                "indicator",
                "indicatorvalue",
                "statusoverride",
                "timelineentry",
                "evaluation",
                "pillarcomment",
            )
            for action in ("view", "add", "change", "delete")
        ),
        "progress.view_indicatorsnapshot",
        # ふりがな: the readings of words
        *(f"core.{action}_readingfix" for action in ("view", "add", "change", "delete")),
    }


@pytest.mark.django_db
def test_coordinators_get_nothing_of_the_consultations() -> None:
    group = Group.objects.get(name=COORDINATOR)

    assert not group.permissions.filter(content_type__app_label="consultations").exists()


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_consultation_staff_work_with_cases_but_never_delete_export_or_supervise() -> None:
    granted = _codenames(CONSULTATION_STAFF)

    assert {"view_inquiry", "change_inquiry", "view_case", "add_case", "add_entry"} <= granted
    assert not {code for code in granted if code.startswith("delete_")}
    assert not granted & {"supervise_case", "export_case", "break_glass_case", "view_accesslog"}
    assert "change_entry" not in granted  # entries are corrected by a new version


@pytest.mark.django_db
def test_supervisors_add_supervision_exports_and_the_access_log() -> None:
    granted = _codenames(SUPERVISOR)

    assert _codenames(CONSULTATION_STAFF) <= granted
    assert {"supervise_case", "export_case", "view_accesslog"} <= granted
    assert "break_glass_case" not in granted


@pytest.mark.django_db
def test_system_administrators_configure_and_see_no_case_content() -> None:
    granted = _codenames(SYSTEM_ADMIN)

    assert {
        "change_category",
        "change_team",
        "add_teammembership",
        "change_referraldestination",
    } <= granted
    assert granted.isdisjoint(
        {"view_case", "view_person", "view_entry", "view_referral", "view_inquiry"}
    )
    assert "break_glass_case" in granted


@pytest.mark.django_db
def test_sync_roles_takes_back_a_permission_granted_by_hand() -> None:
    group = Group.objects.get(name=COORDINATOR)
    group.permissions.add(Permission.objects.get(codename="change_user"))

    call_command("sync_roles", verbosity=0)

    assert not group.permissions.filter(codename="change_user").exists()
