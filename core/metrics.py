"""What operators watch, exported for Prometheus (prometheus-client).

Per URL name (`pillars:pillar`, `nerizu:story_photo`…): requests by method and status, their
latency, and the time and number of database queries each spent; per cache, the lookups that
hit and missed (core.cache). `GET /metrics` answers with the text format, and only to a
scraper that sends `Authorization: Bearer <METRICS_TOKEN>`: anyone else gets a 404, as if
there were no such page; without METRICS_TOKEN nobody gets it.

gunicorn runs several worker processes, each with its own counters: with
PROMETHEUS_MULTIPROC_DIR set (an empty directory per app server, README "Metrics"),
prometheus-client keeps each worker's values in files there and the endpoint adds them up,
whichever worker answers. gunicorn.conf.py empties the directory when gunicorn starts.
"""

import hmac
import os
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

# Seconds: a cached page takes a few milliseconds, a slow staff page a few hundred.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED = "<unmatched>"  # a path no URL pattern knows (404s): one label, not one per path

requests_total = Counter(
    "portal_requests_total",
    "HTTP requests answered, by URL name, method and status code",
    ["view", "method", "status"],
)
request_seconds = Histogram(
    "portal_request_duration_seconds",
    "Time from the request reaching Django to its response, by URL name",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
database_seconds = Histogram(
    "portal_request_database_seconds",
    "Time a request spent in database queries, by URL name",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
database_queries_total = Counter(
    "portal_database_queries_total", "Database queries run, by URL name", ["view"]
)
cache_lookups_total = Counter(
    "portal_cache_lookups_total",
    "Cache lookups by cache (its key prefix, or default) and result (hit or miss)",
    ["cache", "result"],
)


def count_cache_lookups(cache: str, *, hits: int, misses: int) -> None:
    if hits:
        cache_lookups_total.labels(cache, "hit").inc(hits)
    if misses:
        cache_lookups_total.labels(cache, "miss").inc(misses)


def _view_name(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:  # answered before the URL was resolved (a cached page), or a 404
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNMATCHED
    return match.view_name


class _QueryTimer:
    """A database execute wrapper adding up the time of the queries it sees."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class MetricsMiddleware:
    """First in MIDDLEWARE, so the latency is the whole of Django's work on the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = _QueryTimer()
        start = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        elapsed = time.perf_counter() - start
        view = _view_name(request)
        method = request.method if request.method in METHODS else "other"
        requests_total.labels(view, method, str(response.status_code)).inc()
        request_seconds.labels(view).observe(elapsed)
        database_seconds.labels(view).observe(timer.seconds)
        if timer.count:
            database_queries_total.labels(view).inc(timer.count)
        return response


def _registry() -> CollectorRegistry:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return REGISTRY  # one process (runserver, a single worker)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)
    return registry


def _token_matches(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format, for the scraper only (404 for anyone else)."""
    if request.method not in ("GET", "HEAD") or not _token_matches(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
