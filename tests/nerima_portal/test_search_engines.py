"""What search engines read: hreflang alternates on every public page (ja, en, x-default, as
absolute URLs), robots.txt keeping them out of the back office, and sitemap.xml listing the
public pages in both languages and nothing a visitor may not see."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from networks.models import ContactPoint, Member
from pillars.models import ActionItem
from tests.html import parse
from tests.test_project import PUBLIC_PAGES

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def alternates(html: str) -> dict[str, str]:
    found = {}
    for line in html.split("<link ")[1:]:
        tag = line.split(">")[0]
        if 'rel="alternate"' in tag and "hreflang=" in tag:
            code = tag.split('hreflang="')[1].split('"')[0]
            found[code] = tag.split('href="')[1].split('"')[0]
    return found


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_names_itself_in_each_language_and_a_default(
    sample_data: object, client: Client, prefix: str
) -> None:
    for url in PUBLIC_PAGES:
        links = alternates(client.get(prefix + url).content.decode())
        assert links == {
            "ja": f"http://testserver{url}",
            "en": f"http://testserver/en{url}",
            "x-default": f"http://testserver{url}",
        }, url


def test_each_alternate_is_a_page_that_answers(sample_data: object, client: Client) -> None:
    for url in ("/plan/", "/contact/", "/activities/?theme=work-experience"):
        for target in alternates(client.get(url).content.decode()).values():
            assert client.get(target.removeprefix("http://testserver")).status_code == 200


def test_the_language_switch_stays_a_link_for_people(sample_data: object, client: Client) -> None:
    assert "/en/plan/" in parse(client.get("/plan/")).links


def test_robots_txt_keeps_crawlers_out_of_the_back_office(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/staff/", "/accounts/", "/en/accounts/", "/invitation/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the public site stays open
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def sitemap_urls(client: Client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_the_public_pages_in_both_languages(
    sample_data: object, client: Client
) -> None:
    urls = sitemap_urls(client)

    for page in ("/", "/plan/", "/pillars/1/", "/activities/", "/network/", "/contact/"):
        assert f"http://testserver{page}" in urls, page
        assert f"http://testserver/en{page}" in urls, page
    point = ContactPoint.objects.first()
    assert f"http://testserver{point.get_absolute_url()}" in urls
    assert urls["http://testserver/plan/"] == {
        "ja": "http://testserver/plan/",
        "en": "http://testserver/en/plan/",
        "x-default": "http://testserver/plan/",
    }
    assert not [url for url in urls if "/staff/" in url or "/admin/" in url or "/accounts/" in url]


def test_the_sitemap_leaves_out_what_visitors_cannot_see(
    sample_data: object, client: Client
) -> None:
    hidden_member = Member.objects.first()
    hidden_member.is_listed = False
    hidden_member.save()
    draft = ActionItem.objects.published().first()
    draft.status = ActionItem.Status.DRAFT
    draft.save()
    point = ContactPoint.objects.first()
    point.is_listed = False
    point.save()

    urls = sitemap_urls(client)

    assert f"http://testserver{hidden_member.get_absolute_url()}" not in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert f"http://testserver{point.get_absolute_url()}" not in urls


def test_the_sitemap_costs_the_same_queries_whatever_the_content(
    plan: object, client: Client
) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    call_command("load_sample_data", verbosity=0)
    small = count()
    call_command("load_sample_data", "--copies", "5", verbosity=0)
    assert count() == small
