"""Results come in three tiers: a title (or name) equal to the query, then a term in the title
or the name's reading, then a term only in the other text; within a tier, the plan's own
pages, then hashtags, members, facilities, activities, stories, oldest first. Each result is
listed once, on one page."""

import pytest
from django.test import Client

from tests.factories import ActivityFactory, HashtagFactory, MemberFactory


def titles(client: Client, query: str, page: str = "1") -> list[str]:
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code == 200
    return [result.title for result in response.context["page"].object_list]


@pytest.mark.django_db
def test_an_exact_title_comes_first_then_titles_then_text(client: Client) -> None:
    MemberFactory(name="みのり会", description="ひまわりを育てています。")
    HashtagFactory(name="ひまわり畑")
    MemberFactory(name="ひまわり")

    assert titles(client, "ひまわり") == ["ひまわり", "#ひまわり畑", "みのり会"]


@pytest.mark.django_db
def test_an_exact_title_comes_first_among_many_title_matches(client: Client) -> None:
    for n in range(25):
        HashtagFactory(name=f"ひまわり{n}")
    ActivityFactory(title="ひまわり")

    first, second = titles(client, "ひまわり"), titles(client, "ひまわり", page="2")

    assert first[0] == "ひまわり"
    assert len(first) == 20
    assert len(second) == 6
    assert len(set(first + second)) == 26  # each once
