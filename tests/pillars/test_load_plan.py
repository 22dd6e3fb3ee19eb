"""The loading command: the chapter's wording in, coordinators' edits kept, --force restores."""

import tomllib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pillars.models import DrivingForce, Pillar
from pillars.services import DEFAULT_SEED_PATH
from plan.models import Plan

SEED = tomllib.loads(DEFAULT_SEED_PATH.read_text(encoding="utf-8"))


def load(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_the_plan_its_pillars_and_driving_forces() -> None:
    output = load()

    plan = Plan.objects.get()
    assert plan.full_name == "第6次地域福祉活動計画"
    assert plan.philosophy_text == "ひとりの不幸も見逃さない～つながりのある地域をつくる～"
    assert (plan.start_fiscal_year, plan.end_fiscal_year) == (2025, 2028)
    assert plan.is_published
    assert [str(p) for p in Pillar.objects.order_by("number")] == [
        "柱1 認め合う",
        "柱2 つながる",
        "柱3 参加する",
    ]
    assert list(DrivingForce.objects.order_by("number").values_list("name", flat=True)) == [
        "ネリーズ",
        "ねりま社会福祉法人等のネット",
        "地域福祉コーディネーター",
    ]
    assert "created 7" in output


@pytest.mark.django_db
def test_running_it_again_changes_nothing() -> None:
    load()
    before = {p.pk: p.updated_at for p in Pillar.objects.all()}

    output = load()

    assert "unchanged 7" in output
    assert {p.pk: p.updated_at for p in Pillar.objects.all()} == before
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_what_a_coordinator_edited() -> None:
    load()
    pillar = Pillar.objects.get(number=2)
    pillar.body = "コーディネーターが書き直した本文。"
    pillar.save()
    plan = Plan.objects.get()
    plan.is_published = False  # publication is not seeded content: never touched by a reload
    plan.save()

    output = load()

    pillar.refresh_from_db()
    plan.refresh_from_db()
    assert pillar.body == "コーディネーターが書き直した本文。"
    assert not plan.is_published
    assert "kept 1" in output
    assert "柱2 つながる" in output


@pytest.mark.django_db
def test_force_restores_the_original_text() -> None:
    load()
    force = DrivingForce.objects.get(slug="nerizu")
    force.lead = "書き換えた紹介文"
    force.save()

    load("--force")

    force.refresh_from_db()
    assert force.lead == SEED["driving_forces"][0]["lead"]
    assert not force.is_edited
    assert "unchanged 7" in load()


@pytest.mark.django_db
def test_an_unedited_record_follows_a_corrected_seed_file(tmp_path: Path) -> None:
    load()
    corrected = DEFAULT_SEED_PATH.read_text(encoding="utf-8").replace(
        'statement = "つながり支え合う地域をつくる"', 'statement = "訂正後の文"'
    )
    seed_file = tmp_path / "plan.toml"
    seed_file.write_text(corrected, encoding="utf-8")

    output = load("--file", str(seed_file))

    assert Pillar.objects.get(number=2).statement == "訂正後の文"
    assert "updated 1" in output


@pytest.mark.django_db
def test_a_broken_seed_file_changes_nothing(tmp_path: Path) -> None:
    load()
    broken = DEFAULT_SEED_PATH.read_text(encoding="utf-8")
    broken = broken.replace('statement = "つながり支え合う地域をつくる"', 'statement = "変更"')
    broken = broken.replace('slug = "coordinators"\n', "")  # a later record lacks a field
    broken = broken.replace('name = "地域福祉コーディネーター"\n', "")
    seed_file = tmp_path / "broken.toml"
    seed_file.write_text(broken, encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was changed"):
        load("--file", str(seed_file))

    assert Pillar.objects.get(number=2).statement == "つながり支え合う地域をつくる"


@pytest.mark.django_db
def test_a_missing_seed_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Nothing was changed"):
        load("--file", str(tmp_path / "nope.toml"))
    assert not Plan.objects.exists()
