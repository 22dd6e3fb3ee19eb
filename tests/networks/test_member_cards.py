"""The member cards are built in Python (networks/templatetags/member_cards.py): the same
markup, byte for byte, as the template loop they replace (kept beside this file in
member_cards_loop.html), in both languages, with a heading level, badges, several districts
and themes or none, and characters to escape."""

from pathlib import Path

import pytest
from django.db.models import Prefetch
from django.template import Context, Template
from django.utils import translation

from networks.models import District, Member, Theme
from tests.factories import MemberFactory

# The template loop the tag replaced, as it was (its two first line breaks: those after the
# included file's {% load %} and its comment).
TEMPLATE_LOOP = (Path(__file__).parent / "member_cards_loop.html").read_text()


@pytest.fixture
def members(db: None) -> list[Member]:
    sample = MemberFactory(
        name="ひかり<福祉>会 & 仲間（サンプル）",
        name_kana='ひかり"ふくし"かい',
        kind=Member.Kind.NPO,
        is_sample=True,
    )
    sample.districts.set(District.objects.filter(slug__in=["nerima", "oizumi"]))
    sample.themes.set(Theme.objects.all()[:2])
    MemberFactory(name="テーマのない法人", kind=Member.Kind.SOCIAL_WELFARE_CORPORATION)
    return list(
        Member.objects.prefetch_related(
            Prefetch("districts", to_attr="listed_districts"),
            Prefetch("themes", to_attr="listed_themes"),
        ).order_by("pk")
    )


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("heading", ["", "h2"])
def test_the_cards_are_the_template_loops_markup(
    members: list[Member], language: str, heading: str
) -> None:
    context = {"members": members, "heading": heading}
    with translation.override(language):
        loop = Template(TEMPLATE_LOOP).render(Context(context))
        cards = Template('{% include "includes/member_cards.html" %}').render(Context(context))
    assert "ひかり&lt;福祉&gt;会 &amp; 仲間" in cards
    assert "&quot;ふくし&quot;" in cards
    assert cards.count("<dt>") == 5
    assert cards.count("card__title") == 2
    assert cards == loop
