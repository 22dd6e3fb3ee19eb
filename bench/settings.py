"""Benchmark settings: the production settings plus a URLconf with a do-nothing view.

Everything else (middleware, templates, database, static files) is exactly what production
runs, so the bare view measures the cost of the stack and the pages measure their own work.
"""

from nerima_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The bare view is the floor with no page cache work either (not even the generation read),
# so that it is the same reference for the cached and the uncached runs.
PAGE_CACHE_NEVER = (*PAGE_CACHE_NEVER, "/bench/")  # noqa: F405
