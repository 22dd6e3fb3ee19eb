"""The public yearly evaluation page (点検・評価) shows only published evaluations, with the
grades' meaning and the committee's comments, and is made to be printed."""

import pytest
from django.test import Client

from pillars.models import ActionItem, Pillar
from progress.models import PillarComment
from tests.factories import ActionItemFactory
from tests.html import parse, visible_text
from tests.progress.conftest import EvaluationFactory


@pytest.mark.django_db
def test_only_published_evaluations_appear(client: Client, item: ActionItem) -> None:
    EvaluationFactory(action_item=item, done="公開する評価の本文です。")
    hidden = ActionItemFactory(pillar=item.pillar, title="まだ書いている取組")
    EvaluationFactory(action_item=hidden, done="下書きの評価です。", is_published=False)
    draft_item = ActionItemFactory(
        pillar=item.pillar, title="下書きの取組項目", status=ActionItem.Status.DRAFT
    )
    EvaluationFactory(action_item=draft_item, done="非公開の取組の評価です。")
    EvaluationFactory(action_item=item, fiscal_year=2026, done="次の年度の評価です。")

    text = visible_text(client.get("/progress/evaluation/2025/"))

    assert "公開する評価の本文です。" in text
    assert "見守りの輪を広げる" in text
    assert "下書きの評価です。" not in text
    assert "まだ書いている取組" not in text
    assert "非公開の取組の評価です。" not in text
    assert "次の年度の評価です。" not in text


@pytest.mark.django_db
def test_the_grade_is_shown_with_its_meaning(client: Client, item: ActionItem) -> None:
    EvaluationFactory(action_item=item, grade="C")

    text = visible_text(client.get("/progress/evaluation/2025/"))

    assert "自己評価C一部に遅れや課題がある" in text
    assert "A計画以上に進んだ" in text  # the key to all four grades
    assert "D大きく遅れている・見直しが必要" in text


@pytest.mark.django_db
def test_only_published_committee_comments_appear(client: Client, pillar: Pillar) -> None:
    PillarComment.objects.create(
        fiscal_year=2025, pillar=pillar, comment="相談の入り口が増えました。", is_published=True
    )
    other = Pillar.objects.get(plan=pillar.plan, number=2)
    PillarComment.objects.create(fiscal_year=2025, pillar=other, comment="検討中のコメント")

    text = visible_text(client.get("/progress/evaluation/2025/"))

    assert "委員会のコメント相談の入り口が増えました。" in text
    assert "検討中のコメント" not in text


@pytest.mark.django_db
def test_a_year_without_published_evaluations_says_so(client: Client, plan: object) -> None:
    text = visible_text(client.get("/progress/evaluation/2026/"))

    assert "この年度の点検・評価はまだ公開していません。" in text


@pytest.mark.django_db
def test_a_year_outside_the_plan_is_not_found(client: Client, plan: object) -> None:
    assert client.get("/progress/evaluation/2024/").status_code == 404
    assert client.get("/progress/evaluation/2029/").status_code == 404


@pytest.mark.django_db
def test_the_page_prints_as_a_report(client: Client, item: ActionItem) -> None:
    evaluation = EvaluationFactory(action_item=item)

    response = client.get("/progress/evaluation/2025/")

    html = response.content.decode()
    assert 'media="print"' in html
    assert "/static/css/print" in html
    # Links carry the full address, which the print stylesheet writes after them on paper.
    assert f"http://testserver/progress/items/{item.pk}/" in parse(response).links
    assert f'id="evaluation-{evaluation.pk}"' in html


def test_the_print_stylesheet_makes_a_clean_a4_document() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/print.css").read_text()

    assert "@media print" in css
    assert "size: A4" in css
    assert ".site-nav" in css
    assert "display: none" in css
    assert 'content: " <" attr(href) ">"' in css
    assert ".report-pillar + .report-pillar { break-before: page; }" in css


@pytest.mark.django_db
def test_the_progress_page_links_the_years_with_published_evaluations(
    client: Client, item: ActionItem
) -> None:
    EvaluationFactory(action_item=item, fiscal_year=2025)
    EvaluationFactory(action_item=item, fiscal_year=2026, is_published=False)

    links = parse(client.get("/progress/")).links

    assert "/progress/evaluation/2025/" in links
    assert "/progress/evaluation/2026/" not in links
