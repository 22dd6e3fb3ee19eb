"""A coordinator may set an action item's status by hand, but only with a reason: the admin
refuses an override without one, with a Japanese message next to the field."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from pillars.models import ActionItem
from progress.models import StatusOverride
from tests.html import visible_text
from tests.progress.conftest import MilestoneFactory

ADD_URL = "/admin/progress/statusoverride/add/"


@pytest.mark.django_db
def test_an_override_without_a_reason_is_refused_next_to_the_field(
    coordinator_client: Client, item: ActionItem
) -> None:
    response = coordinator_client.post(
        ADD_URL, {"action_item": item.pk, "status": "under_review", "reason": "   "}
    )

    assert response.status_code == 200
    assert not StatusOverride.objects.exists()
    form = response.context["adminform"].form
    assert form.errors["reason"] == ["状態を手動で決めるときは、理由を入力してください。"]
    html = response.content.decode()
    # Django's admin puts the message in the field's own row, above the input
    row = html[html.index('class="form-row errors field-reason"') :]
    message = row.index("状態を手動で決めるときは、理由を入力してください。")
    assert message < row.index('name="reason"')


@pytest.mark.django_db
def test_an_override_with_a_reason_replaces_the_computed_status_and_records_who(
    coordinator_client: Client, coordinator: User, item: ActionItem, client: Client
) -> None:
    MilestoneFactory(action_item=item, done_on=dt.date(2025, 5, 1))
    assert "達成" in visible_text(client.get(f"/progress/items/{item.pk}/"))

    response = coordinator_client.post(
        ADD_URL,
        {
            "action_item": item.pk,
            "status": "under_review",
            "reason": "会場の確保が難しく、進め方を見直しています。",
        },
    )

    assert response.status_code == 302
    override = StatusOverride.objects.get()
    assert override.set_by == coordinator
    assert override.set_at is not None
    page = visible_text(client.get(f"/progress/items/{item.pk}/"))
    assert "状態見直し" in page
    assert "会場の確保が難しく、進め方を見直しています。" in page


@pytest.mark.django_db
def test_the_model_refuses_a_blank_reason_too(item: ActionItem) -> None:
    from django.core.exceptions import ValidationError

    override = StatusOverride(action_item=item, status="achieved", reason="")

    with pytest.raises(ValidationError) as error:
        override.full_clean()

    assert error.value.message_dict["reason"][0].startswith("状態を手動で決めるときは")


@pytest.mark.django_db
def test_residents_cannot_override(resident_client: Client, item: ActionItem) -> None:
    response = resident_client.post(
        ADD_URL, {"action_item": item.pk, "status": "achieved", "reason": "理由"}
    )

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not StatusOverride.objects.exists()
