"""A hashtag's page lists everything that carries it: action items and activities."""

import pytest
from django.test import Client

from tests.factories import ActivityFactory, HashtagFactory, MemberFactory
from tests.html import visible_text


@pytest.mark.django_db
def test_a_hashtag_page_lists_the_listed_activities_with_the_tag(
    plan: object, client: Client
) -> None:
    tag = HashtagFactory(name="子ども食堂")
    ActivityFactory(title="わかば子ども食堂", hashtags=[tag])
    ActivityFactory(title="非公開の食堂", hashtags=[tag], is_listed=False)
    ActivityFactory(
        title="非公開の会員の食堂", hashtags=[tag], organiser=MemberFactory(is_listed=False)
    )
    ActivityFactory(title="タグのない活動")

    response = client.get(tag.get_absolute_url())

    text = visible_text(response)
    assert "このハッシュタグが付いた活動・参加の機会" in text
    assert "わかば子ども食堂" in text
    for absent in ("非公開の食堂", "非公開の会員の食堂", "タグのない活動"):
        assert absent not in text


@pytest.mark.django_db
def test_an_activity_page_links_back_to_its_hashtags(plan: object, client: Client) -> None:
    tag = HashtagFactory(name="居場所")
    activity = ActivityFactory(hashtags=[tag])

    html = client.get(activity.get_absolute_url()).content.decode()

    assert f'href="{tag.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_a_hashtag_page_shows_the_next_ten_and_links_to_the_rest(
    plan: object, client: Client
) -> None:
    tag = HashtagFactory(name="居場所")
    member = MemberFactory()
    for n in range(12):
        ActivityFactory(title=f"居場所{n:02d}", organiser=member, hashtags=[tag])
    ActivityFactory(title="タグのない活動", organiser=member)

    html = client.get(tag.get_absolute_url()).content.decode()

    assert html.count('<article class="card directory-card"') == 10
    assert (
        'href="/activities/?tag=%E5%B1%85%E5%A0%B4%E6%89%80">#居場所の活動をすべて見る</a>' in html
    )
    listed = client.get("/activities/", {"tag": "居場所"})
    text = visible_text(listed)
    assert "活動12件" in text
    assert "ハッシュタグ「#居場所」の付いた活動だけを表示しています。" in text
    assert "タグのない活動" not in text
