"""Operators' metrics at /metrics: only for the scraper with the token, 404 for anyone else;
requests counted per URL name with their latency and database time, cache hits and misses."""

import os
import re

import pytest
from django.core.cache import caches
from django.test import Client

from plan.models import Plan

TOKEN = "scraper-token-for-tests"
AUTHORIZED = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def token(settings: object) -> str:
    settings.METRICS_TOKEN = TOKEN  # type: ignore[attr-defined]
    return TOKEN


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when it is not there yet)."""
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            return float(match.group(2))
    return 0.0


def scrape(client: Client) -> str:
    response = client.get("/metrics", **AUTHORIZED)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_without_a_token_configured_the_endpoint_is_404_even_with_a_header(
    client: Client, settings: object
) -> None:
    settings.METRICS_TOKEN = ""  # type: ignore[attr-defined]

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_without_the_token_the_endpoint_is_404(client: Client, token: str) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=token).status_code == 404  # no "Bearer"
    assert client.get(f"/metrics?token={token}").status_code == 404


@pytest.mark.django_db
def test_with_the_token_it_counts_a_request_to_a_named_url_with_its_latency_and_database_time(
    client: Client, token: str, plan: Plan
) -> None:
    before = scrape(client)

    assert client.get("/plan/").status_code == 200
    after = scrape(client)

    labels = {"view": "plan:detail", "method": "GET", "status": "200"}
    assert sample(after, "portal_requests_total", **labels) == (
        sample(before, "portal_requests_total", **labels) + 1
    )
    for histogram in ("portal_request_duration_seconds", "portal_request_database_seconds"):
        assert sample(after, f"{histogram}_count", view="plan:detail") == (
            sample(before, f"{histogram}_count", view="plan:detail") + 1
        )
    assert sample(after, "portal_request_database_seconds_sum", view="plan:detail") > sample(
        before, "portal_request_database_seconds_sum", view="plan:detail"
    )
    assert sample(after, "portal_database_queries_total", view="plan:detail") > sample(
        before, "portal_database_queries_total", view="plan:detail"
    )


@pytest.mark.django_db
def test_an_unknown_path_is_one_label_not_one_per_path(client: Client, token: str) -> None:
    client.get("/no-such-page-1/")
    client.get("/no-such-page-2/")

    text = scrape(client)

    assert sample(text, "portal_requests_total", view="<unmatched>", status="404") >= 2
    assert "no-such-page" not in text


COUNTED_BACKENDS = [
    pytest.param({"BACKEND": "core.cache.LocMemCache", "LOCATION": "metrics"}, id="locmem"),
    pytest.param({"BACKEND": "core.cache.DatabaseCache", "LOCATION": "portal_cache"}, id="db"),
    pytest.param(
        {"BACKEND": "core.cache.RedisCache", "LOCATION": os.environ.get("CACHE_URL", "")},
        id="redis",
        marks=pytest.mark.skipif(
            not os.environ.get("CACHE_URL", "").startswith("redis://"), reason="no CACHE_URL"
        ),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", COUNTED_BACKENDS)
def test_cache_hits_and_misses_are_counted_per_cache(
    client: Client, token: str, backend: dict, settings: object
) -> None:
    """A cache of its own (key prefix "metricstest"), so no lookup by the requests counts."""
    settings.CACHES = {**settings.CACHES, "counted": {**backend, "KEY_PREFIX": "metricstest"}}  # type: ignore[attr-defined]
    counted = caches["counted"]
    before = scrape(client)

    counted.get("metrics-test-key")  # a miss
    counted.set("metrics-test-key", "value")
    counted.get("metrics-test-key")  # a hit
    counted.get_many(["metrics-test-key", "metrics-test-other"])  # one of each
    counted.delete("metrics-test-key")
    after = scrape(client)

    for result in ("hit", "miss"):
        assert sample(after, "portal_cache_lookups_total", cache="metricstest", result=result) == (
            sample(before, "portal_cache_lookups_total", cache="metricstest", result=result) + 2
        )


def test_the_settings_count_every_cache(settings: object) -> None:
    assert all(
        config["BACKEND"].startswith("core.cache.")
        for config in settings.CACHES.values()  # type: ignore[attr-defined]
    )


@pytest.mark.django_db
def test_the_metrics_are_never_cached(client: Client, token: str) -> None:
    assert "no-store" in client.get("/metrics", **AUTHORIZED)["Cache-Control"]
