"""A coordinator's save or delete in the admin shows on the very next anonymous request, for
every model of the content apps that the admin edits (the page was cached just before)."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from accounts.models import User
from nerima_portal.content import is_content
from nerizu.models import Story
from networks.models import (
    Activity,
    ContactPoint,
    Coordinator,
    District,
    Facility,
    Meeting,
    Member,
    Station,
)
from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
from plan.models import Plan
from progress.models import (
    Evaluation,
    Indicator,
    IndicatorValue,
    Milestone,
    PillarComment,
    StatusOverride,
    TimelineEntry,
)
from tests.admin_forms import form_data
from tests.conftest import client_for
from tests.nerizu.factories import NerizuFactory, StoryFactory
from tests.pagecache import assert_shows_the_change, cached

CONTENT_APPS = ("plan", "pillars", "networks", "nerizu", "progress")
MARK = "キャッシュ確認の編集"


def _item_page(obj: Model) -> str:
    return f"/progress/items/{obj.action_item_id}/"  # type: ignore[attr-defined]


def _indicator_item_page(obj: IndicatorValue) -> str:
    return f"/progress/items/{obj.indicator.action_item_id}/"


def _evaluation_page(obj: Evaluation | PillarComment) -> str:
    return f"/progress/evaluation/{obj.fiscal_year}/"


def _approved_story() -> Story:
    return StoryFactory(status=Story.Status.APPROVED, nerizu=NerizuFactory())


@dataclass(frozen=True)
class Edit:
    """An object shown on a public page, the page, and the field a coordinator changes."""

    shown: Callable[[], Model]
    page: Callable[[Model], str]
    change: Callable[[Model], dict[str, str]] = field(default=lambda obj: {})
    # The coordinator's role has no delete permission on these: an administrator deletes.
    deleted_by_administrator: bool = False


def text(name: str) -> Callable[[Model], dict[str, str]]:
    return lambda obj: {name: MARK}


EDITS: dict[str, Edit] = {
    "plan.Plan": Edit(
        lambda: Plan.objects.get(number=6), lambda o: "/plan/", text("background"), True
    ),
    "pillars.Pillar": Edit(
        lambda: Pillar.objects.get(number=1), lambda o: "/pillars/", text("statement"), True
    ),
    "pillars.DrivingForce": Edit(
        lambda: DrivingForce.objects.order_by("number").first(),
        lambda o: "/forces/",
        text("lead"),
        True,
    ),
    "pillars.Hashtag": Edit(
        lambda: Hashtag.objects.filter(action_items__isnull=False).first(),
        lambda o: "/tags/",
        lambda o: {"name": "キャッシュ確認"},
    ),
    "pillars.ActionItem": Edit(
        lambda: ActionItem.objects.published().first(),
        lambda o: o.get_absolute_url(),
        text("title"),
    ),
    "networks.Member": Edit(
        lambda: Member.objects.first(), lambda o: o.get_absolute_url(), text("description")
    ),
    "networks.Facility": Edit(
        lambda: Facility.objects.first(), lambda o: o.get_absolute_url(), text("name")
    ),
    "networks.Activity": Edit(
        lambda: Activity.objects.first(), lambda o: o.get_absolute_url(), text("title")
    ),
    # A station's name is a choice of the lists' 最寄り駅 filter and a heading of 居場所マップ
    "networks.Station": Edit(
        lambda: Station.objects.first(), lambda o: "/activities/", text("name")
    ),
    "networks.Coordinator": Edit(
        lambda: Coordinator.objects.first(), lambda o: "/coordinators/", text("message")
    ),
    # Every page's footer lists the contact points (rendered once per content generation)
    "networks.ContactPoint": Edit(
        lambda: ContactPoint.objects.first(), lambda o: "/plan/", text("name")
    ),
    "networks.Meeting": Edit(
        lambda: Meeting.objects.filter(audience="public").first(),
        lambda o: o.get_absolute_url(),
        text("agenda"),
    ),
    # The district counts on /nerizu/: a registration moves to another district.
    "nerizu.Nerizu": Edit(
        lambda: NerizuFactory(district=District.objects.get(slug="nerima")),
        lambda o: "/nerizu/",
        lambda o: {"district": str(District.objects.get(slug="oizumi").pk)},
        True,
    ),
    "nerizu.Story": Edit(_approved_story, lambda o: "/nerizu/stories/", text("title"), True),
    "progress.Milestone": Edit(lambda: Milestone.objects.first(), _item_page, text("title")),
    "progress.Indicator": Edit(lambda: Indicator.objects.first(), _item_page, text("name")),
    "progress.IndicatorValue": Edit(
        lambda: IndicatorValue.objects.first(), _indicator_item_page, lambda o: {"value": "987"}
    ),
    "progress.StatusOverride": Edit(
        lambda: StatusOverride.objects.first(), _item_page, text("reason")
    ),
    "progress.TimelineEntry": Edit(
        lambda: TimelineEntry.objects.first(), _item_page, text("title")
    ),
    "progress.Evaluation": Edit(
        lambda: Evaluation.objects.filter(is_published=True).first(),
        _evaluation_page,
        text("done"),
    ),
    "progress.PillarComment": Edit(
        lambda: PillarComment.objects.filter(is_published=True).first(),
        _evaluation_page,
        text("comment"),
    ),
}


def _admin_url(obj: Model, action: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def test_every_admin_model_of_the_content_apps_has_an_edit_here() -> None:
    registered = {
        model._meta.label
        for model in admin.site._registry
        if model._meta.app_label in CONTENT_APPS and is_content(model)
    }
    assert registered == set(EDITS)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(EDITS))
def test_a_save_in_the_admin_shows_on_the_next_anonymous_request(
    label: str, sample_data: Plan, coordinator: User, administrator: User
) -> None:
    edit = EDITS[label]
    obj = edit.shown()
    url = edit.page(obj)
    before = cached(url)
    editor = client_for(administrator if label == "nerizu.Nerizu" else coordinator)
    form = editor.get(_admin_url(obj, "change"))
    assert form.status_code == 200
    data = {**form_data(form), **{k: [v] for k, v in edit.change(obj).items()}, "_save": ["1"]}

    saved = editor.post(_admin_url(obj, "change"), data)

    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert_shows_the_change(url, before)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(EDITS))
def test_a_delete_in_the_admin_shows_on_the_next_anonymous_request(
    label: str, sample_data: Plan, coordinator: User, administrator: User
) -> None:
    edit = EDITS[label]
    obj = edit.shown()
    url = edit.page(obj)
    before = cached(url)
    editor = client_for(administrator if edit.deleted_by_administrator else coordinator)

    deleted = editor.post(_admin_url(obj, "delete"), {"post": "yes"})

    assert deleted.status_code == 302, deleted.content.decode()[:3000]
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    assert_shows_the_change(url, before)
