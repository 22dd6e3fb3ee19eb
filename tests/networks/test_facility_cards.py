"""The facility cards are built in Python (networks/templatetags/facility_cards.py): the same
markup, byte for byte, as the template loop they replace (kept beside this file in
facility_cards_loop.html), in both languages, with and without the member, a heading level,
badges, an address and characters to escape."""

from pathlib import Path

import pytest
from django.db.models import Prefetch
from django.template import Context, Template
from django.utils import translation

from networks.models import Facility
from tests.factories import FacilityFactory, MemberFactory

# The template loop the tag replaced, as it was (its two first line breaks: those after the
# included file's {% load %} and its comment).
TEMPLATE_LOOP = (Path(__file__).parent / "facility_cards_loop.html").read_text()


@pytest.fixture
def facilities(db: None) -> list[Facility]:
    sample = MemberFactory(name="ひかり<福祉>会 & 仲間（サンプル）", is_sample=True)
    FacilityFactory(
        name='デイ"センター" <a>',
        member=sample,
        name_kana="でい",
        is_sample=True,
        address="練馬区豊玉北6-12-1 & 2階",
        target_groups=["elderly", "children"],
    )
    FacilityFactory(name="ふつうの施設", name_kana="ふつう", address="")
    FacilityFactory(name="三つの対象", target_groups=["elderly", "children", "disabilities"])
    return list(
        Facility.objects.select_related("member", "district")
        .prefetch_related(Prefetch("target_groups", to_attr="listed_target_groups"))
        .order_by("pk")
    )


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("show_member", [True, False])
@pytest.mark.parametrize("heading", ["", "h2"])
def test_the_cards_are_the_template_loops_markup(
    facilities: list[Facility], language: str, show_member: bool, heading: str
) -> None:
    context = {"facilities": facilities, "show_member": show_member, "heading": heading}
    with translation.override(language):
        loop = Template(TEMPLATE_LOOP).render(Context(context))
        cards = Template('{% include "includes/facility_cards.html" %}').render(Context(context))
    assert "&quot;センター&quot; &lt;a&gt;" in cards
    assert ("&lt;福祉&gt;" in cards) is show_member
    assert cards == loop
