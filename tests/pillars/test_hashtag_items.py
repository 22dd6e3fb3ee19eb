"""A list of hashtags is built in Python (pillars/templatetags/pillar_cards.py hashtag_items):
the same markup, byte for byte, as the template loop it replaces (kept beside this file in
hashtag_list_loop.html), with and without counts, in both languages, with badges and
characters to escape."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.utils import translation

from pillars.models import Hashtag, Pillar
from tests.factories import ActionItemFactory, HashtagFactory

TEMPLATE_LOOP = (Path(__file__).parent / "hashtag_list_loop.html").read_text()


@pytest.fixture
def hashtags(plan: object) -> list[Hashtag]:
    sample = HashtagFactory(name="居場所<&>", reading="いばしょ", is_sample=True)
    plain = HashtagFactory(name="見守り", reading="みまもり")
    pillar = Pillar.objects.first()
    ActionItemFactory(pillar=pillar, hashtags=[sample, plain])
    ActionItemFactory(pillar=pillar, hashtags=[plain])
    return Hashtag.objects.in_use(AnonymousUser())


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("counts", [True, False])
def test_the_list_is_the_template_loops_markup(
    hashtags: list[Hashtag], language: str, counts: bool
) -> None:
    context = {"hashtags": hashtags, "counts": counts}
    with translation.override(language):
        loop = Template(TEMPLATE_LOOP).render(Context(context))
        built = Template('{% include "includes/hashtag_list.html" %}').render(Context(context))
    assert "#居場所&lt;&amp;&gt;" in built
    assert ("2件" in built or "2 items" in built) is counts
    assert built == loop


def test_no_tags_no_list(db: None) -> None:
    assert Template('{% include "includes/hashtag_list.html" %}').render(Context({})).strip() == ""
