"""The admin shows, per text, whether its やさしい日本語 version is missing, older than the
standard text (edited since) or current: a column and a filter on the list, the state of each
text on the change form, and an action to mark checked easy versions current."""

import pytest
from django.test import Client

from core.easy_text import EASY_MODELS, EasyStatus
from networks.models import Activity
from pillars.models import ActionItem, DrivingForce, Pillar
from plan.models import Plan
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def test_every_text_residents_read_has_an_easy_version() -> None:
    assert set(EASY_MODELS) >= {Plan, Pillar, DrivingForce, ActionItem, Activity}
    assert Pillar.EASY_FIELDS == ("name", "statement", "body")
    assert ActionItem.EASY_FIELDS == ("title", "body")


def test_a_seeded_text_starts_without_an_easy_version(plan: Plan) -> None:
    # Easy versions are written by coordinators: the loader invents none.
    for model in (Plan, Pillar, DrivingForce):
        for obj in model.objects.all():
            assert obj.easy_status == EasyStatus.MISSING, obj
            assert all(not obj.easy_version(field) for field in obj.EASY_FIELDS)


def test_the_status_follows_the_easy_and_the_standard_texts(plan: Plan) -> None:
    pillar = Pillar.objects.get(number=1)

    pillar.body_easy = "おたがいを 大切に します。"
    pillar.save()
    assert pillar.easy_state("body") == EasyStatus.CURRENT
    assert pillar.easy_state("name") == EasyStatus.MISSING
    assert pillar.easy_status == EasyStatus.PARTIAL

    pillar.name_easy = "みとめあう"
    pillar.statement_easy = "ひとり ひとりを 大切に します。"
    pillar.save()
    assert pillar.easy_status == EasyStatus.CURRENT

    pillar.body += "\n\n追加の段落。"
    pillar.save()
    pillar.refresh_from_db()
    assert pillar.easy_state("body") == EasyStatus.STALE
    assert pillar.easy_status == EasyStatus.STALE

    pillar.body_easy = "おたがいを 大切に します。あたらしい 文も あります。"
    pillar.save()
    pillar.refresh_from_db()
    assert pillar.easy_status == EasyStatus.CURRENT


def test_a_reload_of_the_seed_marks_the_easy_version_stale(plan: Plan) -> None:
    from django.core.management import call_command

    # A coordinator edited the standard text and wrote the easy version against it; then
    # `load_plan --force` brings back the chapter's text.
    pillar = Pillar.objects.get(number=3)
    pillar.body += "（編集）"
    pillar.body_easy = "いっしょに 活動に 参加します。"
    pillar.save()
    assert pillar.easy_status == EasyStatus.PARTIAL
    call_command("load_plan", "--force", verbosity=0)

    pillar.refresh_from_db()
    assert pillar.easy_state("body") == EasyStatus.STALE


def test_the_list_has_a_column_and_a_filter(plan: Plan, coordinator_client: Client) -> None:
    pillar = Pillar.objects.get(number=1)
    pillar.name_easy, pillar.statement_easy, pillar.body_easy = "a", "b", "c"
    pillar.save()
    Pillar.objects.filter(pk=pillar.pk).update(body="変えた本文")  # no save(): status kept
    pillar.refresh_from_db()
    pillar.save()  # the next save notices

    listing = coordinator_client.get("/admin/pillars/pillar/").content.decode()
    assert "column-easy_status_badge" in listing
    assert "?easy_status__exact=stale" in listing  # the filter
    stale = coordinator_client.get(
        "/admin/pillars/pillar/?easy_status__exact=stale"
    ).content.decode()
    assert f"/admin/pillars/pillar/{pillar.pk}/change/" in stale
    other = Pillar.objects.get(number=2)
    assert f"/admin/pillars/pillar/{other.pk}/change/" not in stale
    missing = coordinator_client.get("/admin/pillars/pillar/?easy_status__exact=missing")
    assert f"/admin/pillars/pillar/{other.pk}/change/" in missing.content.decode()


def test_the_change_form_shows_each_texts_state(plan: Plan, coordinator_client: Client) -> None:
    pillar = Pillar.objects.get(number=1)
    pillar.body_easy = "おたがいを 大切に します。"
    pillar.save()
    Pillar.objects.filter(pk=pillar.pk).update(body="変えた本文")

    html = coordinator_client.get(f"/admin/pillars/pillar/{pillar.pk}/change/").content.decode()

    assert "本文：古い（やさしい日本語を書いた後に、標準の文が変わりました）" in html
    assert "名前：なし" in html
    assert 'name="body_easy"' in html


def test_saving_the_form_unchanged_keeps_a_stale_text_stale(
    plan: Plan, coordinator_client: Client
) -> None:
    pillar = Pillar.objects.get(number=1)
    pillar.body_easy = "おたがいを 大切に します。"
    pillar.save()
    change = f"/admin/pillars/pillar/{pillar.pk}/change/"
    data = form_data(coordinator_client.get(change))
    data["body"] = ["新しい本文です。"]

    assert coordinator_client.post(change, data).status_code == 302

    pillar.refresh_from_db()
    assert pillar.easy_status == EasyStatus.STALE


def test_a_coordinator_marks_checked_easy_versions_current(
    plan: Plan, coordinator_client: Client
) -> None:
    pillar = Pillar.objects.get(number=1)
    pillar.body_easy = "おたがいを 大切に します。"
    pillar.save()
    Pillar.objects.filter(pk=pillar.pk).update(body="変えた本文")
    pillar.refresh_from_db()
    pillar.save()
    assert pillar.easy_status == EasyStatus.STALE

    response = coordinator_client.post(
        "/admin/pillars/pillar/",
        {"action": "mark_easy_checked", "_selected_action": [str(pillar.pk)]},
    )

    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.easy_state("body") == EasyStatus.CURRENT
    assert pillar.easy_status == EasyStatus.PARTIAL  # name and statement still have none


def test_the_action_list_of_a_resident_is_refused(plan: Plan, resident_client: Client) -> None:
    response = resident_client.get("/admin/pillars/pillar/")
    assert response.status_code == 302
    assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))


def test_every_easy_model_has_the_column_filter_and_fieldset(
    sample_data: Plan, administrator: object
) -> None:
    from tests.conftest import client_for

    client = client_for(administrator)  # type: ignore[arg-type]
    for model in EASY_MODELS:
        meta = model._meta
        listing = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert listing.status_code == 200, meta.label
        assert "column-easy_status_badge" in listing.content.decode(), meta.label
        obj = model.objects.first()
        assert obj is not None
        form = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/")
        html = form.content.decode()
        assert all(f'name="{field}_easy"' in html for field in model.EASY_FIELDS), meta.label
        assert "やさしい日本語の状態" in html
