"""The page cache keeps one page per set of display preferences: a visitor never gets a page
made for other preferences, from the cache or through a 304; an edit of a reading shows on the
next request."""

import pytest
from django.test import Client

from core.models import ReadingFix
from core.preferences import COOKIE

pytestmark = pytest.mark.django_db
PILLAR = "/pillars/1/"
VARIANTS = ["standard.standard.off", "x-large.standard.off", "standard.high.off", "large.high.on"]


def get(value: str | None, url: str = PILLAR, **headers: str):  # type: ignore[no-untyped-def]
    client = Client()
    if value is not None:
        client.cookies[COOKIE] = value
    return client.get(url, headers=headers)


def test_each_set_of_preferences_has_its_own_cached_page(plan: object) -> None:
    first = {value: get(value).content for value in VARIANTS}

    again = {value: get(value).content for value in VARIANTS}

    assert again == first
    assert len(set(first.values())) == len(VARIANTS)
    assert get(None).content == first["standard.standard.off"]


def test_a_cached_page_with_readings_is_a_hit(
    plan: object, django_assert_max_num_queries: object
) -> None:
    get("standard.standard.on")

    with django_assert_max_num_queries(1):  # the content generation (database cache) at most
        response = get("standard.standard.on")

    assert "<ruby>" in response.content.decode()


def test_an_etag_of_another_variant_gets_this_variants_page(plan: object) -> None:
    plain = get(None)

    response = get("standard.standard.on", **{"If-None-Match": plain["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != plain["ETag"]
    assert "<ruby>" in response.content.decode()


def test_the_same_variant_gets_304(plan: object) -> None:
    etag = get("x-large.high.on")["ETag"]

    assert get("x-large.high.on", **{"If-None-Match": etag}).status_code == 304


def test_every_variant_tells_shared_caches_it_varies_on_the_cookie(plan: object) -> None:
    for value in [None, *VARIANTS]:
        assert "Cookie" in get(value)["Vary"]


def test_a_reading_fixed_in_the_admin_shows_on_the_next_request(
    plan: object, coordinator_client: Client
) -> None:
    before = get("standard.standard.on").content.decode()
    assert '<ruby>地域<rt aria-hidden="true">ちいき</rt></ruby>' in before

    saved = coordinator_client.post(
        "/admin/core/readingfix/add/", {"surface": "地域", "reading": "じもと", "note": ""}
    )

    assert saved.status_code == 302
    after = get("standard.standard.on").content.decode()
    assert '<ruby>地域<rt aria-hidden="true">じもと</rt></ruby>' in after
    ReadingFix.objects.get(surface="地域").delete()
    assert '<rt aria-hidden="true">ちいき</rt>' in get("standard.standard.on").content.decode()


def test_the_admin_refuses_a_reading_that_is_not_hiragana(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/admin/core/readingfix/add/", {"surface": "地域", "reading": "チイキ<b>", "note": ""}
    )

    assert response.status_code == 200
    assert "読みはひらがなで入力してください。" in response.content.decode()
    assert not ReadingFix.objects.filter(surface="地域").exists()


def test_the_admin_refuses_a_word_without_kanji(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/admin/core/readingfix/add/", {"surface": "ねりま", "reading": "ねりま", "note": ""}
    )

    assert "漢字を含む語を入力してください。" in response.content.decode()
    assert not ReadingFix.objects.filter(surface="ねりま").exists()


def test_a_resident_cannot_edit_readings(resident_client: Client) -> None:
    response = resident_client.post(
        "/admin/core/readingfix/add/", {"surface": "地域", "reading": "じもと"}
    )

    assert response.status_code == 302  # to the login page
    assert not ReadingFix.objects.filter(surface="地域").exists()
