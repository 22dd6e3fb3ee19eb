"""Project-wide guards: migrations, page structure, headers, errors, health, translations."""

import itertools
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.html import parse, visible_text

ROOT = Path(__file__).resolve().parent.parent

# Every public page, with the plan and sample data loaded (tag URLs are percent-encoded).
PUBLIC_PAGES = [
    "/",
    "/plan/",
    "/pillars/",
    "/pillars/1/",
    "/pillars/2/",
    "/pillars/3/",
    "/forces/",
    "/forces/nerizu/",
    "/forces/network/",
    "/forces/coordinators/",
    "/coordinators/",
    "/consult/",
    "/consult/privacy/",
    "/nerizu/",
    "/nerizu/terms/",
    "/nerizu/stories/",
    "/network/",
    "/network/facilities/",
    "/activities/",
    "/activities/places-to-belong-map/",
    "/activities/places-to-belong-map/districts/nerima/",
    "/activities/places-to-belong-map/themes/places-to-belong/",
    "/meetings/",
    "/open-data/",
    "/contact/",
    "/progress/",
    "/progress/forces/",
    "/progress/districts/",
    "/progress/evaluation/2025/",
    "/tags/",
    "/tags/%E5%B1%85%E5%A0%B4%E6%89%80/",
]


def all_public_pages() -> list[str]:
    from networks.models import Activity, ContactPoint, Facility, Meeting, Member
    from pillars.models import ActionItem

    details = [
        obj.get_absolute_url()
        for model in (ActionItem, Member, Facility, Activity, ContactPoint)
        for obj in model.objects.all()[:3]
    ]
    meetings = [m.get_absolute_url() for m in Meeting.objects.filter(audience="public")[:3]]
    return PUBLIC_PAGES + details + meetings


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en", "/easy"])
def test_every_public_page_answers_with_one_h1_and_headings_in_order(
    sample_data: object, client: Client, prefix: str
) -> None:
    for url in all_public_pages():
        response = client.get(prefix + url)
        assert response.status_code == 200, url
        headings = parse(response).headings
        assert headings.count(1) == 1, url
        assert headings[0] == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), url


@pytest.mark.django_db
def test_pages_are_japanese_first_with_an_english_ui(sample_data: object, client: Client) -> None:
    japanese = client.get("/plan/")
    english = client.get("/en/plan/")

    assert '<html lang="ja">' in japanese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "計画の背景" in visible_text(japanese)
    assert "Background" in visible_text(english)
    # The plan's own wording stays Japanese and is marked as such for screen readers.
    assert '<div class="prose" lang="ja">' in english.content.decode()
    assert "/en/plan/" in parse(japanese).links
    assert "/plan/" in parse(english).links


@pytest.mark.django_db
def test_every_page_has_a_skip_link_to_main(sample_data: object, client: Client) -> None:
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">本文へ移動</a>' in html
        assert '<main id="main"' in html


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/plan/", "/no-such-page/", "/healthz", "/admin/login/"])
def test_every_response_carries_the_security_headers(
    sample_data: object, client: Client, url: str
) -> None:
    response = client.get(url)

    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(sample_data: object, client: Client) -> None:
    # A script is a static file (src=, empty) or data a static script reads (a JSON block,
    # never executed: the maps' markers); never code in the page.
    script = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        for attributes, body in script.findall(html):
            if 'type="application/json"' in attributes:
                continue
            assert "src=" in attributes, url
            assert not body.strip(), url
        assert html.count("<script") == len(script.findall(html)), url
        assert "<style" not in html, url
        assert " style=" not in html, url


@pytest.mark.django_db
def test_an_unknown_page_is_a_real_japanese_404(plan: object, client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "ページが見つかりません" in visible_text(response)
    assert response["Content-Language"] == "ja"


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.utils import OperationalError

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert len(response.content) < 40


@pytest.mark.django_db
def test_english_has_a_translation_for_the_ui(client: Client, plan: object) -> None:
    english = visible_text(client.get("/en/"))
    assert "Threepillars" in english
    assert "3つの柱" not in english


def test_manage_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": "x7#Qm!p2@Lr9$Vt4&Zk8*Nw3^Hs6(Jd1)Fb5-Gy0+Uc_Ae=Ri~Ox",
        "ALLOWED_HOSTS": "portal.example.jp",
        "CASE_DATA_KEYS": "E3pQna5-yJ5ov6rHYCVaTR0_vxS0l5pDqPYvGkJKprs=",
        "AUDIT_CHAIN_KEY": "a-production-like-audit-chain-key-for-the-test-0123456789",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_app_refuses_to_start_without_a_secret_key_in_production() -> None:
    env = {"PATH": os.environ["PATH"], "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_misspelt_boolean_setting_stops_the_app() -> None:
    env = {"PATH": os.environ["PATH"], "DEBUG": "yes please"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_manage_without_production_settings_says_what_is_missing_in_one_line(
    tmp_path: Path,
) -> None:
    env = {"PATH": os.environ["PATH"], "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
    assert "DEBUG=true" in result.stderr
    assert "Traceback" not in result.stderr
