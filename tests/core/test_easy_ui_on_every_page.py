"""やさしい日本語 reaches the UI of every public page, not only the menus: each page's title
and headings made of UI strings read differently from the standard page (the content from the
database may have no easy version; the page titles come from the UI catalogue)."""

import re

import pytest
from django.test import Client

from plan.models import Plan

PAGES = [
    "/activities/",
    "/network/",
    "/network/facilities/",
    "/consult/",
    "/contact/",
    "/search/?q=居場所",
    "/progress/",
    "/nerizu/",
    "/meetings/",
    "/tags/",
    "/coordinators/",
    "/open-data/",
    "/accounts/login/",
    "/accounts/signup/",
]


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_the_page_title_has_an_easy_version(plan: Plan, client: Client, url: str) -> None:
    standard = client.get(url)
    easy = client.get("/easy" + url)

    assert standard.status_code == easy.status_code == 200
    assert title(easy.content.decode()) != title(standard.content.decode())
