import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import CONSULTATION_STAFF, COORDINATOR


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
        "networks.view_drivingforce",
        "networks.change_drivingforce",
        *(
            f"networks.{action}_{model}"
            for model in ("member", "facility", "activity", "activitysession", "coordinator")
            for action in ("view", "add", "change", "delete")
        ),
        "networks.view_district",
        "networks.view_theme",
        "networks.view_targetgroup",
        "nerizu.view_nerizu",
        "nerizu.view_story",
        "nerizu.change_story",
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
    }


@pytest.mark.django_db
def test_coordinators_get_nothing_of_the_consultations() -> None:
    group = Group.objects.get(name=COORDINATOR)

    assert not group.permissions.filter(content_type__app_label="consultations").exists()


@pytest.mark.django_db
def test_consultation_staff_handle_inquiries_only() -> None:
    group = Group.objects.get(name=CONSULTATION_STAFF)

    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_inquiry",
        "change_inquiry",
    }


@pytest.mark.django_db
def test_sync_roles_takes_back_a_permission_granted_by_hand() -> None:
    group = Group.objects.get(name=COORDINATOR)
    group.permissions.add(Permission.objects.get(codename="change_user"))

    call_command("sync_roles", verbosity=0)

    assert not group.permissions.filter(codename="change_user").exists()
