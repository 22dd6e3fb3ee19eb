"""Every sentence of the chapter's philosophy, background, pillars and driving forces is on a
public page, word for word.

The reference is the chapter as extracted from the printed plan (pillars/data/source/chapter4.txt),
not the seed file, so a paraphrase in the seed file would fail here.
"""

import re

import pytest
from django.test import Client

from pillars.services import DEFAULT_SEED_PATH
from tests.html import squeeze, visible_text

CHAPTER = DEFAULT_SEED_PATH.parent / "source" / "chapter4.txt"
# The first half is the prose; from the philosophy label on, it repeats it as diagram labels.
PROSE, DIAGRAM = CHAPTER.read_text(encoding="utf-8").split("理念「ひとりの不幸も見逃さない～", 1)


def chapter_sentences() -> list[str]:
    sentences = []
    for line in PROSE.splitlines()[6:]:  # after the title block: 第6次 / 地域福祉活動計画 / 第4章
        for sentence in re.findall(r"[^。]+。?", squeeze(line)):
            sentences.append(sentence)
    return sentences


def test_the_reference_has_the_chapters_parts() -> None:
    sentences = chapter_sentences()
    assert len(sentences) > 40
    assert "柱1認め合う一人ひとりの生き方を認め支え合う" in sentences
    assert "「地域福祉コーディネーター」" in sentences


@pytest.mark.django_db
def test_every_sentence_of_the_chapter_is_on_a_public_page(plan: object, client: Client) -> None:
    pages = ["/", "/plan/", "/pillars/", "/forces/", "/tags/"]
    pages += [f"/pillars/{n}/" for n in (1, 2, 3)]
    pages += [f"/forces/{slug}/" for slug in ("nerizu", "network", "coordinators")]
    published = "".join(visible_text(client.get(url)) for url in pages)

    missing = [s for s in chapter_sentences() if s not in published]

    assert missing == []


@pytest.mark.django_db
def test_the_hashtag_guide_and_diagram_title_are_published(plan: object, client: Client) -> None:
    guide = squeeze("".join([line for line in DIAGRAM.splitlines() if line.strip()][-4:]))
    assert guide.startswith("「#(ハッシュタグ)～」")

    assert guide in visible_text(client.get("/"))
    assert "計画の体系図" in visible_text(client.get("/plan/"))
