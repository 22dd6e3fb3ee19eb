"""A real app server for tests that need more than one process: gunicorn with two sync workers
on loopback, production settings, sharing one database and the shared cache with the test.

PostgreSQL: the server uses the test's own database (the test must commit: transactional_db).
SQLite: the test database lives in memory, out of the server's reach, so the server gets a
file database migrated for it; `run_in_server_env` runs code against that same database.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database and cache."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_server(tmp_path: Path) -> tuple[str, bool]:
    """(DATABASE_URL, needs migrating) for the server process."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        user = params.get("USER") or "postgres"
        host = params.get("HOST") or "127.0.0.1"
        port = params.get("PORT") or 5432
        return f"postgres://{user}@{host}:{port}/{params['NAME']}", False
    return f"sqlite:///{tmp_path / 'server.sqlite3'}", True


@contextmanager
def gunicorn(
    tmp_path: Path,
    *,
    workers: int = 2,
    extra_env: dict | None = None,
    config: Path | None = None,
) -> Iterator[Server]:
    """Serve until the block ends; `config`: a gunicorn configuration file (`-c`), whose
    settings the options given here (workers, bind, timeout) override. Its log, access log
    included, is tmp_path / "gunicorn.log"."""
    database_url, migrate = database_url_for_server(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "DATABASE_CONN_MAX_AGE": "0",
        **(extra_env or {}),
    }
    server = Server(url="", env=env)
    if migrate:
        server.manage("migrate", "--no-input", "-v0")
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *(["--config", str(config)] if config else []),
            "nerima_portal.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    server.url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:  # refused, reset or timed out while the workers start
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class Browser:
    """One visitor: cookies and the CSRF token, as a browser keeps them."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base_url + path))

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        """GET the page for its CSRF token, then POST the form as a browser would."""
        _status, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        fields = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        request = urllib.request.Request(
            self.base_url + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.base_url + path},
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=180) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
