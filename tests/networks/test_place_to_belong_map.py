"""The printable 居場所マップ: per district and per theme, the listed activities grouped by
their nearest station (五十音順), each with its absolute URL and a QR code of it."""

import re
from pathlib import Path

import pytest
from django.test import Client

from networks.models import District, Theme
from networks.place_map import qr_code_svg
from tests.factories import ActivityFactory, MemberFactory, StationFactory, reference
from tests.html import visible_text

pytestmark = pytest.mark.django_db

NERIMA_MAP = "/activities/places-to-belong-map/districts/nerima/"


def headings(response: object, level: int) -> list[str]:
    html = response.content.decode()
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    return [re.sub(r"<[^>]+>|\s+", "", heading) for heading in found]


def test_activities_are_grouped_by_station_in_gojuon_order(client: Client) -> None:
    nerima = StationFactory(name="練馬", name_kana="ねりま", lines="西武池袋線・都営大江戸線")
    ekoda = StationFactory(name="江古田", name_kana="えこだ", lines="西武池袋線")
    ActivityFactory(title="練馬のサロン", stations=[nerima])
    ActivityFactory(title="江古田の食堂", stations=[ekoda])
    ActivityFactory(title="駅のない会")

    response = client.get(NERIMA_MAP)

    assert response.status_code == 200
    assert headings(response, 2) == [
        "江古田駅西武池袋線",
        "練馬駅西武池袋線・都営大江戸線",
        "最寄り駅の登録がない活動",
    ]
    assert headings(response, 3) == ["江古田の食堂", "練馬のサロン", "駅のない会"]


def test_an_activity_near_two_stations_is_under_both(client: Client) -> None:
    nerima, sakuradai = StationFactory(name="練馬"), StationFactory(name="桜台")
    ActivityFactory(title="間の食堂", stations=[nerima, sakuradai])

    assert headings(client.get(NERIMA_MAP), 3) == ["間の食堂", "間の食堂"]


def test_each_activity_has_its_absolute_url_and_a_qr_code_of_it(
    client: Client, settings: object
) -> None:
    settings.SITE_URL = "https://portal.example.jp"
    activity = ActivityFactory(title="QRの会", stations=[StationFactory(name="練馬")])
    url = f"https://portal.example.jp/activities/{activity.pk}/"

    html = client.get(NERIMA_MAP).content.decode()

    assert f'<a href="{url}">{url}</a>' in html
    assert qr_code_svg(url, label="QRの会 のページのQRコード") in html
    assert 'role="img" aria-label="QRの会 のページのQRコード"' in html
    assert " style=" not in html


def test_only_the_district_asked_for_and_only_listed_activities(client: Client) -> None:
    ActivityFactory(title="練馬の会")
    ActivityFactory(title="大泉の会", district=reference(District, "oizumi"))
    ActivityFactory(title="隠した会", is_listed=False)
    ActivityFactory(title="非公開の法人の会", organiser=MemberFactory(is_listed=False))

    assert headings(client.get(NERIMA_MAP), 3) == ["練馬の会"]


def test_a_theme_has_its_own_map(client: Client) -> None:
    ActivityFactory(title="居場所の会")
    ActivityFactory(title="就労の会", theme=reference(Theme, "work-experience"))

    response = client.get("/activities/places-to-belong-map/themes/work-experience/")

    assert headings(response, 3) == ["就労の会"]
    assert "テーマ「就労体験」" in visible_text(response)


def test_sample_activities_carry_the_sample_badge(client: Client) -> None:
    ActivityFactory(title="見本の会", is_sample=True)

    assert "サンプル" in visible_text(client.get(NERIMA_MAP))


def test_the_index_links_every_district_and_theme(client: Client) -> None:
    html = client.get("/activities/places-to-belong-map/").content.decode()

    for district in District.objects.all():
        assert f'href="/activities/places-to-belong-map/districts/{district.slug}/"' in html
    for theme in Theme.objects.all():
        assert f'href="/activities/places-to-belong-map/themes/{theme.slug}/"' in html


def test_the_activity_list_links_the_printable_maps(client: Client) -> None:
    html = client.get("/activities/").content.decode()

    assert 'href="/activities/places-to-belong-map/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/activities/places-to-belong-map/districts/nowhere/",
        "/activities/places-to-belong-map/themes/nothing/",
    ],
)
def test_an_unknown_district_or_theme_is_a_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_page_prints_on_a4(client: Client) -> None:
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/place_map.css")).read_text(encoding="utf-8")

    assert re.search(r"@page\s*\{\s*size:\s*A4", css)
    assert "break-inside: avoid" in css
