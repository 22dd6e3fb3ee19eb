"""Real-browser fixtures: a live server, one Chromium per session, desktop and phone pages.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser here.
Accessibility is checked with axe-core, bundled in the axe-playwright-python package.
"""

import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    FloatRect,
    Locator,
    Page,
    Response,
    sync_playwright,
)

from tests.test_project import PUBLIC_PAGES

# Playwright's sync API runs an event loop in the main thread, which makes Django refuse
# database access from the test itself (loading data, reading models) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}
# A page load may wait longer than a click or a check (5 s): the live server's first render of
# a page, on a slow machine with the whole suite running beside it, took over 5 s once in CI.
NAVIGATION_TIMEOUT_MS = 15_000

# Every rule set we promise: WCAG 2.0/2.1/2.2 A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
_axe = Axe()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a real browser (`-m "not browser"` skips them)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.browser)


# --- The live server -------------------------------------------------------------------------


class LiveServer:
    """Django in a thread, serving static files the production way (WhiteNoise, manifest).

    pytest-django's `live_server` wraps the app in StaticFilesHandler, which looks files up
    through the finders and so cannot find the hashed names the manifest storage writes into
    pages: every stylesheet would 404 and the layout under test would be unstyled.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        from django.db import connections

        # An in-memory SQLite test database exists only inside its connection: share it with
        # the server thread. PostgreSQL needs nothing: the thread opens its own connections.
        overrides = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        self.thread = LiveServerThread(
            host, static_handler=lambda handler: handler, connections_override=overrides
        )
        self.thread.daemon = True
        self._allowed_host = modify_settings(ALLOWED_HOSTS={"append": host})

    def start(self) -> None:
        for conn in self.thread.connections_override.values():
            conn.inc_thread_sharing()
        self._allowed_host.enable()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            self.stop()
            raise self.thread.error

    def stop(self) -> None:
        self.thread.terminate()
        for conn in self.thread.connections_override.values():
            conn.dec_thread_sharing()
        self._allowed_host.disable()

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"


# --- Map tiles, served here: the tests never reach 国土地理院 (or any host but this one) ---------


def _tile_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 236, 228)).save(buffer, "PNG")
    return buffer.getvalue()


class LocalTiles:
    """A tiny tile server on 127.0.0.1 (TEST_TILE_PORT, else a free port, as the live server):
    every /z/x/y.png is a plain tile; `requested` lists the paths asked for."""

    def __init__(self) -> None:
        png, requested = _tile_png(), []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requested.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args: object) -> None:
                pass

        port = int(os.environ.get("TEST_TILE_PORT", "0"))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.requested: list[str] = requested
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def local_tiles() -> Iterator[LocalTiles]:
    """The maps' tiles from LocalTiles: MAP_TILE_URL and the CSP's img-src name it instead of
    the real tile host, as an operator's environment would."""
    tiles = LocalTiles()
    with override_settings(
        MAP_TILE_URL=tiles.origin + "/{z}/{x}/{y}.png",
        MAP_TILE_ORIGIN=tiles.origin,
        CONTENT_SECURITY_POLICY=settings.CONTENT_SECURITY_POLICY.replace(
            settings.MAP_TILE_ORIGIN, tiles.origin
        ),
    ):
        yield tiles
    tiles.stop()


@pytest.fixture(scope="session")
def _live_server(
    django_db_setup: None, django_db_blocker: Any, _collected_static: None, local_tiles: LocalTiles
) -> Iterator[LiveServer]:
    """One server for the session, started once the test database and static files exist."""
    with django_db_blocker.unblock():
        server = LiveServer()
        server.start()
    yield server
    server.stop()


@pytest.fixture
def site(transactional_db: None, _live_server: LiveServer) -> str:
    """The live server's base URL, with the plan and the sample data loaded.

    transactional_db: the server thread must see the rows, so they are committed (and the
    tables are emptied again after the test).
    """
    call_command("load_plan", verbosity=0)
    call_command("load_sample_data", verbosity=0)
    return _live_server.url


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Any address but the test machine's own
EXTERNAL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])[a-z]+://")


@pytest.fixture
def external_requests() -> list[str]:
    """What the pages of a test tried to fetch from other hosts: blocked, and listed here."""
    return []


@pytest.fixture
def new_page(
    browser: Browser, site: str, external_requests: list[str]
) -> Iterator[Callable[..., Page]]:
    """Opens pages in fresh contexts (no shared history or cookies); closes them afterwards.
    A request to any other host than this machine is blocked and noted in external_requests."""
    contexts: list[BrowserContext] = []

    def block(route: Any) -> None:
        external_requests.append(route.request.url)
        route.abort()

    def open_page(device: str = "desktop", **options: Any) -> Page:
        context = browser.new_context(base_url=site, locale="ja-JP", **DEVICES[device], **options)
        context.set_default_timeout(5_000)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        context.route(EXTERNAL, block)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def desktop_page(new_page: Callable[..., Page]) -> Page:
    return new_page("desktop")


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    return new_page("phone")


# --- The pages under test --------------------------------------------------------------------

AN_ACTION_ITEM = "(an action item page)"
ENGLISH_PAGES = [
    "/en/",
    "/en/plan/",
    "/en/pillars/1/",
    "/en/forces/network/",
    "/en/tags/%E5%B1%85%E5%A0%B4%E6%89%80/",
]
PAGES = [*PUBLIC_PAGES, AN_ACTION_ITEM, *ENGLISH_PAGES]


def path_of(page: str) -> str:
    """The path to open for an entry of PAGES."""
    if page == AN_ACTION_ITEM:
        from pillars.models import ActionItem

        return ActionItem.objects.get(title="子ども食堂の紹介").get_absolute_url()
    return page


# --- Visiting and assertions -----------------------------------------------------------------


def visit(page: Page, path: str, *, status: int = 200) -> None:
    """Opens `path`, asserting its status and that every static file it asked for arrived."""
    missing: list[str] = []

    def note_missing(response: Response) -> None:
        if "/static/" in response.url and not response.ok:
            missing.append(f"{response.status} {response.url}")

    page.on("response", note_missing)
    try:
        response = page.goto(path)
    finally:
        page.remove_listener("response", note_missing)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    assert not missing, f"{path} could not load: {missing}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # After a click the test may go on as soon as the new page's heading is in the DOM, while
    # the last stylesheet is still on its way: axe would measure an unstyled page.
    page.wait_for_load_state("load")
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict[str, Any]], *, nodes_each: int = 5) -> str:
    """axe's findings as lines a person can act on: the rule, then where and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:nodes_each]:
            lines.append("    at " + " ".join(str(part) for part in node["target"]))
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(violation["nodes"]) > nodes_each:
            lines.append(f"    … and {len(violation['nodes']) - nodes_each} more")
    return "\n".join(lines)


def assert_axe_clean(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found problems on {page.url}:\n" + describe_violations(violations)


def styled_box(locator: Locator) -> FloatRect:
    """The element's box with every stylesheet of its page applied. After a click the test
    may go on as soon as the element is in the DOM, while the last stylesheet is still on its
    way: the box would be the unstyled one."""
    locator.page.wait_for_load_state("load")
    box = locator.bounding_box()
    assert box is not None, locator
    return box


# The layout viewport's width. Not window.innerWidth: a mobile browser zooms out to fit content
# that overflows, and innerWidth then grows with the overflow, so it would never be exceeded.
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def scrolls_sideways(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with every stylesheet applied
    scroll_width, viewport_width = page.evaluate(WIDTHS)
    return scroll_width > viewport_width


def assert_no_horizontal_scroll(page: Page) -> None:
    page.wait_for_load_state("load")  # measured with every stylesheet applied
    scroll_width, viewport_width = page.evaluate(WIDTHS)
    assert scroll_width <= viewport_width, (
        f"{page.url} scrolls sideways: {scroll_width}px of content in a {viewport_width}px window"
    )
