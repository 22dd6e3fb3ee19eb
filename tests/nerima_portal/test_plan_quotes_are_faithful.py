"""What the pages say the plan says is the chapter's own wording (../shared/seed, kept in the
repository as pillars/data/source/chapter4.txt), and nothing is attributed to it that it does
not say: no invented action item, no pandemic background put under pillar 1, ネリーズ as the
chapter describes them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.html import visible_text

CHAPTER = Path(settings.BASE_DIR, "pillars", "data", "source", "chapter4.txt")
pytestmark = pytest.mark.django_db


def chapter() -> str:
    """The chapter's text with the extraction's line breaks removed."""
    return re.sub(r"\s+", "", CHAPTER.read_text(encoding="utf-8"))


def quotes(text: str) -> list[str]:
    """Every 「…」 quotation (outermost) in a page's visible text."""
    found, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "「":
            if depth == 0:
                start = i + 1
            depth += 1
        elif char == "」" and depth:
            depth -= 1
            if depth == 0:
                found.append(text[start:i])
    return found


def section(client: Client, url: str, start: str, end: str) -> str:
    text = visible_text(client.get(url))
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_chapter_in_the_repository_is_the_seed() -> None:
    seed = Path(settings.BASE_DIR).parent.parent / "shared" / "seed" / "000_1298cccf4c95ba68.txt"
    if not seed.exists():
        pytest.skip("the shared seed is not beside this checkout")
    assert re.sub(r"\s+", "", seed.read_text(encoding="utf-8")) == chapter()


def test_the_plan_page_quotes_pillar_1_in_its_own_words(plan: object, client: Client) -> None:
    text = section(client, "/plan/", "相談の統計", "相談の統計を見る")

    assert "「包括的に相談を受け止める」" not in text
    assert "包括的に相談を受け止めていく仕組みの構築が必要です" in text
    assert "取組として" not in text  # pillar 1's words are not an action item
    for quote in quotes(text):
        assert quote in chapter() or quote == "認め合う", quote


def test_the_statistics_page_puts_the_loans_in_the_pandemic_background(
    plan: object, client: Client
) -> None:
    text = section(client, "/plan/consultation-statistics/", "柱1", "相談した方が特定されないよう")
    pillar_1, background = text.split("計画の背景")

    assert "特例貸付" not in pillar_1
    assert "住居確保給付金" not in pillar_1
    assert "特例貸付や住居確保給付金等の対応に追われました" in background
    for quote in quotes(text):
        assert quote in chapter(), quote


def test_the_nerizu_page_says_who_nerizu_are_as_the_chapter_does(
    plan: object, client: Client
) -> None:
    text = visible_text(client.get("/nerizu/"))

    assert "区民のボランティア" not in text
    assert "地域のみなさん" in text
    assert "（ネリーズマインド）を持っている方もみなネリーズです" in text
    assert "このサイトでネリーズとして登録している方の人数" in text
    assert "登録者の合計" in text


def test_the_nerizu_terms_do_not_narrow_nerizu_to_volunteers(plan: object, client: Client) -> None:
    assert "区民のボランティア" not in visible_text(client.get("/nerizu/terms/"))
