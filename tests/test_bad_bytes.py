"""Bytes the database cannot store never make a 500: every URL, every kind of parameter.

PostgreSQL refuses a NUL character in text, so a NUL that reaches a query is a DataError — a
500 — wherever a view filters on what it was given. Each URL pattern of the resolver is
requested with a NUL in each of its path parameters, in the query string and in a posted form
(urlencoded and multipart), as an anonymous visitor, as a supervisor who may open the case the
URL names, and as the superuser; the answer is never a 500. Other bytes that are not text
(invalid UTF-8, a UTF-8-encoded lone surrogate) go into each path parameter too. On SQLite a NUL
is stored happily, so the walk only bites on PostgreSQL; the page checks run on both.

A new URL pattern whose parameter the walk cannot fill makes the test fail, so it is not skipped.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart

from accounts.models import User
from accounts.roles import SUPERVISOR
from consultations.models import Case, Inquiry
from nerizu.models import Story
from pillars.models import Hashtag
from tests.conftest import client_for, record_second_factor
from tests.consultations.conftest import TEAM_A, make_staff
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.nerizu.factories import NerizuFactory, image_bytes
from tests.test_access_matrix import url_patterns

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
NUL = "%00"  # as it arrives in a URL; the client decodes it, as a WSGI server does
NOT_TEXT = ["%FF", "%C0%AF", "%ED%A0%80"]  # invalid UTF-8, an overlong "/", a lone surrogate

# Names views read from the query string, each given a NUL (plus a NUL as a name).
QUERY_NAMES = [
    "q",
    "term",
    "status",
    "category",
    "team",
    "page",
    "o",
    "p",
    "next",
    "search",
    "station",  # the activity and facility lists' 最寄り駅
]
# Names of form fields, each posted with a NUL (plus a NUL as a name).
FORM_NAMES = [
    "q",
    "name",
    "kana",
    "phone",
    "title",
    "body",
    "message",
    "detail",
    "reason",
    "email",
    "login",
    "password",
    "action",
    "status",
]

# The admin's autocomplete reaches the database only for a real field; the NUL goes in `term`.
BASE_QUERY = {
    "admin:autocomplete": {
        "app_label": "progress",
        "model_name": "timelineentry",
        "field_name": "action_item",
    }
}

# <converter:name> of path(), or (?P<name>…) of re_path() (one level of nested brackets)
PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>(?:[^()]|\([^()]*\))*\)"
)


PERSONAS = ["anonymous", "supervisor", "superuser"]


@dataclass
class World:
    case: Case
    users: dict[str, User | None]


@pytest.fixture
def world(sample_data: object, administrator: User) -> World:
    supervisor = make_staff(
        "bytes-super@example.jp", "主任", role=SUPERVISOR, team=TEAM_A, supervisor=True
    )
    case = CaseFactory(
        primary_staff=supervisor, person=PersonFactory(name="練馬 一郎", kana="ねりま いちろう")
    )
    return World(case, {"anonymous": None, "supervisor": supervisor, "superuser": administrator})


def fill(pattern: str, world: World, bad: tuple[str, str] | None = None) -> str:
    """A path for the pattern: real values for its parameters, `bad` = (name, value) for one."""

    def value(match: re.Match) -> str:
        name = match["name"] or match["group"]
        if bad and bad[0] == name:
            return bad[1]
        return str(parameter_value(pattern, name, match["converter"], world))

    path = PARAMETER.sub(value, pattern)
    path = re.sub(r"\\(.)", r"\1", path.replace("^", "").replace("$", ""))
    return "/" + path


def _slug(pattern: str) -> str:
    if pattern.startswith("forces/"):
        return "network"
    if "places-to-belong-map/districts/" in pattern:
        return "nerima"
    if "places-to-belong-map/themes/" in pattern:
        return "places-to-belong"
    return "members"


def parameter_value(pattern: str, name: str, converter: str | None, world: World) -> object:
    if name in ("object_id", "id"):  # admin/<app>/<model>/<path:object_id>/…
        match = re.match(r"admin/(\w+)/(\w+)/", pattern)
        if match:
            model = apps.get_model(match[1], match[2])
            return model._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1
        return 1
    if converter == "int":
        return {"fiscal_year": 2025}.get(name, 1)
    known = {
        "number": world.case.number,
        "name": Hashtag.objects.order_by("pk").first().name,
        "slug": _slug(pattern),
        "app_label": "consultations",
        "content_type_id": 1,
        "url": "nothing-here",
        "key": "not-a-key",
        "uidb36": "0",
        "token": "not-a-token",  # a staff invitation (a forged link: 404)
    }
    if name not in known:
        raise AssertionError(f"the walk does not know how to fill <{name}> in {pattern}")
    return known[name]


def requests_for(world: World) -> Iterator[list[tuple[str, str, dict[str, Any]]]]:
    """For every URL pattern, the requests (method, path, client keyword arguments) carrying
    bad bytes: one for each path parameter and bad value, one for each query name (views
    give up on the first parameter they do not know, so the names go one at a time), and a
    posted form both ways."""
    queries = [f"{name}={NUL}" for name in QUERY_NAMES] + [f"{NUL}=1"]
    form = {name: f"前{chr(0)}後" for name in FORM_NAMES} | {chr(0): "x"}
    patterns = list(url_patterns())
    assert len(patterns) > 100
    for pattern, name in patterns:
        requests = []
        for match in PARAMETER.finditer(pattern):
            parameter = match["name"] or match["group"]
            for bad in [NUL, f"a{NUL}b", *NOT_TEXT]:
                requests.append(("get", fill(pattern, world, (parameter, bad)), {}))
        path = fill(pattern, world)
        base = "".join(f"{key}={value}&" for key, value in BASE_QUERY.get(name, {}).items())
        requests += [("get", f"{path}?{base}{query}", {}) for query in queries]
        requests.append(("post", path, {"data": form}))  # multipart, the test client's default
        requests.append(("post", path, {"data": urlencode(form), "content_type": URLENCODED}))
        yield requests


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_answers_bad_bytes_with_a_500(world: World, persona: str) -> None:
    user = world.users[persona]
    client = Client(raise_request_exception=False)  # a 500 is an answer to look at
    problems, count = [], 0
    for requests in requests_for(world):
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # again, after a POST to a logout URL
            record_second_factor(client, user)  # with the code, so staff reach case pages
        for method, path, kwargs in requests:
            count += 1
            response = getattr(client, method)(path, **kwargs)
            if response.status_code >= 500:
                problems.append(f"{persona} {method} {path}: {response.status_code}")
    assert count > 4000
    assert not problems, "\n".join(problems)


# --- The page, and what is not refused ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/tags/%00/",
        "/staff/cases/%00/",
        "/admin/consultations/inquiry/?status=%00",
        "/admin/autocomplete/?app_label=progress&model_name=timelineentry"
        "&field_name=action_item&term=%00",
        "/search/?q=%E7%B7%B4%00",
    ],
)
def test_a_nul_in_the_url_gets_the_bad_request_page(
    path: str, sample_data: object, administrator: User
) -> None:
    for client in (Client(), client_for(administrator)):
        response = client.get(path)

        assert response.status_code == 400
        assert "400.html" in [template.name for template in response.templates]
        assert "リクエストを処理できません" in response.content.decode()


def test_a_nul_in_a_posted_field_gets_the_bad_request_page(sample_data: object) -> None:
    before = Inquiry.objects.count()

    response = Client().post("/consult/", {"name": "石神井\x00よし子", "message": "相談です"})

    assert response.status_code == 400
    assert "リクエストを処理できません" in response.content.decode()
    assert Inquiry.objects.count() == before


def test_the_english_ui_gets_the_page_in_english(sample_data: object) -> None:
    response = Client().get("/en/tags/%00/")

    assert response.status_code == 400
    assert "The request cannot be processed" in response.content.decode()


def test_the_bad_request_page_has_one_h1_and_the_site_chrome(sample_data: object) -> None:
    response = Client().get("/tags/%00/")

    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'class="site-header"' in html


def test_a_nul_inside_an_uploaded_file_is_not_refused(
    sample_data: object, resident: User, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    NerizuFactory(user=resident)
    photo = image_bytes("PNG")
    assert b"\x00" in photo  # every PNG has NUL bytes (chunk lengths)

    response = client_for(resident).post(
        "/nerizu/stories/new/",
        {
            "title": "サロンのお手伝い",
            "body": "お茶を配りました。",
            "photo_alt": "テーブルを囲む人たち",
            "photo": SimpleUploadedFile("salon.png", photo, content_type="image/png"),
        },
    )

    assert response.status_code == 302
    assert Story.objects.get().photo


def test_a_broken_multipart_body_is_a_bad_request_not_an_error(sample_data: object) -> None:
    body = encode_multipart("BoUnDaRy", {"name": "x"})[:-10]  # cut before the closing boundary

    response = Client(raise_request_exception=False).post(
        "/consult/",
        body,
        content_type="multipart/form-data",  # no boundary given
    )

    assert response.status_code == 400
    assert "リクエストを処理できません" in response.content.decode()  # handler400, with the site
