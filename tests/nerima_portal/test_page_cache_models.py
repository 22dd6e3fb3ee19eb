"""Every model is content (its writes invalidate the page cache) unless it is deny-listed, and
each model of the content apps is named here with the test that shows its edits: a new model
fails this file until someone decides which it is."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db.models import signals

from nerima_portal.content import NOT_PUBLIC_CONTENT, WRITTEN_BY_SERVICES, is_content
from tests.nerima_portal.test_page_cache_admin_edits import CONTENT_APPS, EDITS

# Content models the admin does not edit on their own, and the test that covers them.
COVERED_ELSEWHERE = {
    "networks.District": "reference data (signals: the guard below, ..._is_watched)",
    "networks.Theme": "reference data (signals)",
    "networks.TargetGroup": "reference data (signals)",
    "networks.ActivitySession": "an activity's dates, inline in its admin (signals)",
    "networks.OpeningHours": "inline in its contact point's admin (test_contact_point_admin.py)",
    "networks.Closure": "inline in its contact point's admin (test_contact_point_admin.py)",
    "networks.MeetingDocument": "a meeting's PDFs, inline in its admin (signals)",
    "networks.ActivityDayOff": "tests/networks/test_activity_days_off.py (inline; signals)",
    "networks.ActivityOccurrence": "test_page_cache_refresh_occurrences.py, ..._date_change.py",
    "progress.IndicatorSnapshot": "record_indicator_snapshots (update_or_create: signals)",
    # many-to-many tables: m2m_changed (test_page_cache_many_to_many.py)
    "pillars.ActionItem_hashtags": "test_page_cache_many_to_many.py",
    "pillars.ActionItem_driving_forces": "m2m_changed",
    "networks.Member_districts": "m2m_changed",
    "networks.Member_themes": "m2m_changed",
    "networks.Facility_target_groups": "m2m_changed",
    "networks.Activity_audiences": "m2m_changed",
    "networks.Activity_hashtags": "m2m_changed",
    "networks.Activity_stations": "m2m_changed",
    "networks.Facility_stations": "m2m_changed",
    "networks.Coordinator_districts": "m2m_changed",
    "nerizu.Nerizu_interests": "m2m_changed",
    "networks.ContactPoint_stations": "m2m_changed",
    "nerizu.Story_hashtags": "tests/nerizu/test_story_hashtags_page_cache.py (m2m_changed)",
}


def test_each_model_of_a_content_app_is_covered_by_a_test() -> None:
    models = {
        model._meta.label
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if is_content(model)  # the deny-listed ones are tested below as never public
    }

    assert models == set(EDITS) | set(COVERED_ELSEWHERE)


def test_every_model_outside_the_deny_list_is_watched() -> None:
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        watched = signals.post_save.has_listeners(model) and signals.m2m_changed.has_listeners(
            model
        )
        if label in WRITTEN_BY_SERVICES:
            assert not watched, label
        elif is_content(model):
            assert watched, label
            assert signals.post_delete.has_listeners(model), label


@pytest.mark.parametrize("label", sorted(NOT_PUBLIC_CONTENT))
def test_the_deny_list_names_real_apps_and_models(label: str) -> None:
    if "." in label:
        apps.get_model(label)
    else:
        apps.get_app_config(label)


def test_editors_and_their_proposals_are_not_public_content() -> None:
    """A proposal waits for a coordinator; only approving it writes the public entry
    (tests/networks/test_page_cache_editor_approval.py)."""
    from networks.models import EditorInvitation, MemberEditor, Proposal

    for model in (Proposal, MemberEditor, EditorInvitation):
        assert not is_content(model)


def test_sessions_and_case_records_do_not_invalidate_pages() -> None:
    from consultations.models import AccessLog, Case

    for model in (Session, AccessLog, Case):
        assert not is_content(model)
