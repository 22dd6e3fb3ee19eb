"""gunicorn.conf.py, the production server's configuration: its access log never carries a
query string (a search on /staff/ for a resident's name) or a Referer (which repeats one)."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import Browser, gunicorn

CONFIG = Path(settings.BASE_DIR) / "gunicorn.conf.py"


def test_the_access_log_format_has_no_query_string_request_line_or_referer() -> None:
    config = runpy.run_path(str(CONFIG))

    log_format = config["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    for atom in ("%(q)s", "%(r)s", "%(f)s", "{referer}i"):
        assert atom not in log_format


def test_workers_follow_the_environment_and_worker_recycling_has_jitter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GUNICORN_WORKERS", "7")

    config = runpy.run_path(str(CONFIG))

    assert config["workers"] == 7
    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["graceful_timeout"] > 0
    assert config["accesslog"] == "-"


@pytest.mark.django_db(transaction=True)
def test_a_staff_search_served_with_the_config_leaves_no_query_in_the_access_log(
    tmp_path: Path,
) -> None:
    with gunicorn(tmp_path, workers=1, config=CONFIG) as server:
        browser = Browser(server.url)
        staff_status, _ = browser.get("/staff/cases/?q=secret-name")
        search_status, _ = browser.get("/search/?q=secret-word")

    log = (tmp_path / "gunicorn.log").read_text()
    assert staff_status in (302, 403)  # not signed in: sent away, and still logged
    assert search_status == 200
    assert '"GET /staff/cases/ HTTP/1.1"' in log
    assert '"GET /search/ HTTP/1.1" 200' in log
    assert "secret" not in log


def test_each_worker_freezes_what_it_loaded() -> None:
    """Once the app is loaded, a worker leaves those objects out of the collector's full
    passes (gc.freeze), which otherwise walk them all every few hundred requests."""
    code = (
        "import gc, runpy, sys\n"
        f"config = runpy.run_path({str(CONFIG)!r})\n"
        "assert gc.get_freeze_count() == 0\n"
        "config['post_worker_init'](None)\n"
        "print(gc.get_freeze_count())\n"
    )
    frozen = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert int(frozen) > 1000
