"""Yearly evaluations export and re-import through the admin in the same format; a bad row
imports nothing and is named in Japanese."""

import pytest
from django.test import Client

from pillars.models import ActionItem
from progress.models import Evaluation
from tests.html import visible_text
from tests.progress.conftest import EvaluationFactory
from tests.progress.test_indicator_value_export_import import confirm, export, import_file

HEADER = "年度,取組項目ID,取組項目,自己評価,取り組んだこと,見えてきた課題,次年度の方向性,公開"


def rows() -> list[tuple]:
    return list(
        Evaluation.objects.order_by("pk").values_list(
            "pk", "fiscal_year", "action_item", "grade", "done", "issues", "next_direction",
            "is_published",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_export_then_reimport_changes_nothing(coordinator_client: Client, item: ActionItem) -> None:
    EvaluationFactory(action_item=item, done="説明会を開きました。\n\n参加者は30人。")
    EvaluationFactory(action_item=item, fiscal_year=2026, grade="A", is_published=False)
    before = rows()

    exported = export(coordinator_client, "evaluation")

    text = exported.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    assert "B：おおむね計画どおりに進んだ" in text
    preview = import_file(coordinator_client, "evaluation", exported, "evaluations.csv")
    done = confirm(coordinator_client, "evaluation", preview)

    assert done.status_code == 302
    assert "変更なし2件" in visible_text(coordinator_client.get(done["Location"]))
    assert rows() == before


@pytest.mark.django_db
def test_a_bad_row_imports_nothing(coordinator_client: Client, item: ActionItem) -> None:
    content = (
        f"{HEADER}\n"
        f"2025,{item.pk},,A,よくできました,,,はい\n"
        f"2025,{item.pk + 100},,B,ありません,,,はい\n"
        f"2026,{item.pk},,E,評価が違います,,,たぶん\n"
    ).encode()

    preview = import_file(coordinator_client, "evaluation", content, "evaluations.csv")

    text = visible_text(preview)
    assert "2件目（ファイルの3行目）" in text
    assert f"取組項目ID：ID「{item.pk + 100}」の取組項目は登録されていません。" in text
    assert "3件目（ファイルの4行目）" in text
    assert "自己評価：「E」は選べません。" in text
    assert "公開：「はい」か「いいえ」で入力してください。" in text
    assert not Evaluation.objects.exists()
