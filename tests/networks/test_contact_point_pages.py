"""The council's contact points (窓口) where residents look for them: their own pages, every
page's footer, beside the consultation form, on the coordinators' and a district's page."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.models import ContactPoint, District
from tests.html import parse, visible_text
from tests.pagecache import cached

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.django_db


def oizumi_office() -> ContactPoint:
    return ContactPoint.objects.get(district__slug="oizumi")


def on_day(monkeypatch: pytest.MonkeyPatch, day: dt.date, time: str = "10:00") -> None:
    """Make it that day (and time) in Tokyo for the pages and the page cache's key."""
    moment = dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=TOKYO)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_the_sample_contact_points_are_marked_and_obviously_not_real(sample_data: object) -> None:
    points = list(ContactPoint.objects.all())
    assert len(points) == 5
    assert ContactPoint.objects.filter(district__isnull=True).count() == 1  # the head office
    assert {p.district.slug for p in points if p.district} == {
        "nerima",
        "hikarigaoka",
        "shakujii",
        "oizumi",
    }
    for point in points:
        assert point.is_sample
        assert "サンプル" in point.name
        assert point.phone.startswith("03-0000-")
        assert point.fax.startswith("03-0000-")
        assert point.email.endswith("@example.jp")


def test_loading_the_sample_data_twice_adds_no_second_set(sample_data: object) -> None:
    call_command("load_sample_data", "--copies", "2", verbosity=0)
    assert ContactPoint.objects.count() == 5


def test_the_list_shows_every_listed_contact_point_with_tel_links(
    sample_data: object, client: Client
) -> None:
    hidden = oizumi_office()
    hidden.is_listed = False
    hidden.save()

    response = client.get("/contact/")

    text = visible_text(response)
    assert "石神井地区事務所（サンプル）" in text
    assert "大泉地区事務所" not in text.split("窓口・お問い合わせ")[0]
    assert "tel:0300000130" in parse(response).links
    assert "FAX03-0000-0131" in text


def test_a_contact_point_page_shows_the_week_the_closures_and_the_way_there(
    sample_data: object, client: Client
) -> None:
    point = ContactPoint.objects.get(district__slug="hikarigaoka")

    text = visible_text(client.get(point.get_absolute_url()))

    assert "土曜日9:00〜12:00、13:00〜16:00" in text
    assert "日曜日休み" in text
    assert "祝日は休みです。" in text
    assert "年末年始" in text
    assert "駅から徒歩8分" in text


def test_an_unlisted_contact_point_page_is_not_found(sample_data: object, client: Client) -> None:
    point = oizumi_office()
    point.is_listed = False
    point.save()

    assert client.get(point.get_absolute_url()).status_code == 404
    assert client.get("/contact/999999/").status_code == 404


def test_every_page_has_the_contact_points_in_its_footer(
    sample_data: object, client: Client
) -> None:
    for url in ("/", "/plan/", "/en/network/", "/consult/privacy/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="tel:0300000140"' in footer, url
        assert "03-0000-0141" in footer, url  # FAX, for people who cannot phone


def test_the_footer_shows_an_edit_on_the_next_request(
    sample_data: object, client: Client, settings: object
) -> None:
    settings.DEBUG = False  # fixed fragments and the footer's own memory in force
    before = cached("/plan/")
    assert "大泉地区事務所（サンプル）" in before.decode()

    point = oizumi_office()
    point.phone = "03-0000-0199"
    point.save()

    after = client.get("/network/").content.decode()
    assert "03-0000-0199" in after
    assert "03-0000-0199" in client.get("/plan/").content.decode()


def test_the_footer_is_read_once_until_content_changes(
    sample_data: object, resident_client: Client
) -> None:
    """A signed-in resident never gets a cached page: the footer's rows are kept per process
    and content generation, and an edit shows on the next page all the same."""

    def footer_queries(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            html = resident_client.get(url).content.decode()
        assert 'href="tel:0300000140"' in html
        return len([q for q in queries if "networks_contactpoint" in q["sql"]])

    assert footer_queries("/pillars/") <= 1
    assert footer_queries("/plan/") == 0

    point = oizumi_office()
    point.phone = "03-0000-0199"
    point.save()
    with CaptureQueriesContext(connection) as queries:
        html = resident_client.get("/plan/").content.decode()
    assert "03-0000-0199" in html.split('<footer class="site-footer">')[1]
    assert len([q for q in queries if "networks_contactpoint" in q["sql"]]) == 1


def test_todays_hours_follow_the_date_even_on_a_cached_page(
    sample_data: object, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = ContactPoint.objects.first().closures.get().starts_on.year
    on_day(monkeypatch, dt.date(year, 12, 28))
    page = cached("/contact/").decode()
    assert "本日の受付8:30〜17:15" in visible_text_of(page)

    on_day(monkeypatch, dt.date(year, 12, 29))
    text = visible_text(client.get("/contact/"))

    assert "本日は休みです（年末年始）。" in text
    assert f"次の受付は{year + 1}年1月4日（月）8:30〜17:15です。" in text


def test_the_consultation_form_says_whether_a_contact_point_is_open_now(
    sample_data: object, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_day(monkeypatch, dt.date(2026, 12, 8), "10:00")  # a Tuesday
    text = visible_text(client.get("/consult/"))
    assert "電話や窓口でも相談できます" in text
    assert "ただいま受付中（17:15まで）" in text

    on_day(monkeypatch, dt.date(2026, 12, 8), "18:00")
    text = visible_text(client.get("/consult/"))
    assert "ただいま受付時間外です。次の受付は2026年12月9日（水）8:30からです。" in text


def test_a_coordinators_card_names_the_office_of_their_district(
    sample_data: object, client: Client
) -> None:
    from networks.models import Coordinator

    coordinator = Coordinator.objects.filter(districts__slug="oizumi").first()
    assert coordinator is not None
    response = client.get("/coordinators/")
    card = response.content.decode().split(f'id="coordinator-{coordinator.pk}"')[1]
    card = card.split("</article>")[0]
    assert "大泉地区事務所（サンプル）" in card
    assert 'href="tel:0300000140"' in card


def test_a_districts_page_shows_its_office_first(sample_data: object, client: Client) -> None:
    response = client.get("/coordinators/?district=oizumi")
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    assert "大泉地区の窓口" in main
    assert 'href="tel:0300000140"' in main
    assert "石神井地区事務所" not in main


def test_the_english_ui_keeps_the_names_japanese(sample_data: object, client: Client) -> None:
    response = client.get("/en/contact/")
    assert response.status_code == 200
    assert "Contactpointsandopeninghours" in visible_text(response)
    assert f'href="/en/contact/{oizumi_office().pk}/" lang="ja"' in response.content.decode()


@pytest.mark.parametrize("path", ["/contact/", "detail"])
def test_the_pages_stay_within_the_query_budget(
    plan: object, client: Client, django_assert_max_num_queries: object, path: str
) -> None:
    call_command("load_sample_data", "--copies", "10", verbosity=0)
    url = oizumi_office().get_absolute_url() if path == "detail" else path
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def visible_text_of(html: str) -> str:
    from django.http import HttpResponse

    return visible_text(HttpResponse(html))


def test_districts_exist_for_every_sample_office(sample_data: object) -> None:
    assert District.objects.filter(contact_points__isnull=False).count() == 4
