"""Benchmark settings: the production settings plus a URLconf with a do-nothing view.

Everything else (middleware, templates, database, static files) is exactly what production
runs, so the bare view measures the cost of the stack and the pages measure their own work.
"""

from nerima_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
