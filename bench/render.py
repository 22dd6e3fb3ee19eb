"""How long one uncached page takes to render, in-process, beside a bare view (bench/README.md).

    .venv/bin/python bench/render.py                      # both data sets, SQLite files
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/render.py
    .venv/bin/python bench/render.py --dataset sample --requests 50
    .venv/bin/python bench/render.py --dataset directory --profile /activities/
    BENCH_DISPLAY=standard.standard.on .venv/bin/python bench/render.py --dataset sample
        # the same with display preferences (core/preferences.py), here ふりがな on

Production settings (DEBUG off: cached template loader, manifest static files) with the
bench URLconf (the bare view) and the page cache switched off (PAGE_CACHE=off), so every
request renders the page. Each data set lives in its own database, built on the first run and
reused after: `sample` (load_plan, load_sample_data --copies 10) and `directory` (the same
plus generate_bench_data --members 1000 --facilities 5000 --activities 20000). On PostgreSQL
the directory uses DATABASE_URL's database name with `_directory` appended; on SQLite two
files in BENCH_RENDER_DIR (default $TMPDIR/nerima-render).

For each page: warm-up requests, one request with its SQL queries counted, then N timed
requests with Django's test client; median and p95 in milliseconds. Then N more, each right
after the content generation is renewed as every content write renews it (`after edit ms`):
what the first request after an edit costs, when the parts kept per process and generation
are read again. --profile URL prints
cProfile's top functions for that page and how many template variables were resolved and
templates included per request.
"""

import argparse
import base64
import cProfile
import json
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare/"

# The pages each data set is measured on, and the target for one uncached request.
PAGES = {
    "sample": [
        ("/", 10),
        ("/plan/", 10),
        ("/pillars/1/", 10),
        ("/forces/nerizu/", 10),
        ("/tags/居場所/", 10),
        ("/progress/", None),
        ("/nerizu/", None),
        ("/open-data/", None),
    ],
    "directory": [
        ("/network/", 20),
        ("/activities/", 20),
        ("/network/facilities/?target_group=children&district=hikarigaoka", 20),
        ("/activities/?district=shakujii&theme=places-to-belong", None),
        # as bench/run.sh asks it: upcoming dates from today in the portal's time zone
        ("/activities/?district=shakujii&theme=places-to-belong&date_from={today}", 20),
    ],
}
DIRECTORY_SIZE = (1000, 5000, 20000)  # members, facilities, activities
COPIES = 10
WARMUP = 3


def _data_dir() -> Path:
    path = Path(os.environ.get("BENCH_RENDER_DIR") or Path(tempfile.gettempdir(), "nerima-render"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _database_url(dataset: str) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        return f"sqlite:///{_data_dir() / f'{dataset}.sqlite3'}"
    if dataset == "sample":
        return base
    parts = urllib.parse.urlsplit(base)
    name = parts.path.lstrip("/")
    if base.startswith("sqlite"):
        stem, dot, ext = parts.path.rpartition(".")
        return urllib.parse.urlunsplit(parts._replace(path=f"{stem}_{dataset}{dot}{ext}"))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}_{dataset}"))


def _environment(dataset: str) -> dict[str, str]:
    """Production settings, the bench URLconf, no page cache, the data set's database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="testserver",
        PAGE_CACHE="off",
        DATABASE_URL=_database_url(dataset),
        STATIC_ROOT=str(_data_dir() / "static"),
        MEDIA_ROOT=str(_data_dir() / "media"),
        LOG_LEVEL="WARNING",
    )
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("AUDIT_CHAIN_KEY", secrets.token_urlsafe(32))  # required with DEBUG off
    env.setdefault("CASE_DATA_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    env.pop("USE_X_FORWARDED_PROTO", None)
    return env


def _prepare(dataset: str) -> None:
    """Migrate, and load the data set unless the database holds it from an earlier run."""
    from django.core.management import call_command

    from bench import probe
    from pillars.models import ActionItem
    from plan.models import Plan

    probe.ensure_db()
    call_command("migrate", "--no-input", verbosity=0)
    if not Plan.objects.exists():
        call_command("load_plan", verbosity=0)
    if not ActionItem.objects.filter(is_sample=True).exists():
        print(f"render: load_sample_data --copies {COPIES}", file=sys.stderr)
        call_command("load_sample_data", "--copies", str(COPIES), verbosity=0)
    if dataset == "directory":
        probe.directory(*DIRECTORY_SIZE)
    probe.analyze()
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        call_command("collectstatic", "--no-input", verbosity=0)


def _time_pages(urls: list[tuple[str, int | None]], requests: int) -> dict[str, object]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.generation import content_changed

    client = Client()
    if display := os.environ.get("BENCH_DISPLAY"):  # e.g. standard.standard.on: ふりがな
        client.cookies["display"] = display
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    rows = {}
    for url, target in [(BARE, None), *((url.format(today=today), target) for url, target in urls)]:
        path = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        for _ in range(WARMUP):
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"render: {url} answered {response.status_code}, not 200")
        query_count = len(queries)
        timings, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        # The first request after an edit: every part kept per process and content generation
        # (core.generation.kept_for_generation) is read again
        after_edit = []
        for _ in range(requests):
            content_changed()
            start = time.perf_counter()
            edited = client.get(path)
            after_edit.append((time.perf_counter() - start) * 1000)
            if edited.status_code != 200:
                sys.exit(f"render: {url} answered {edited.status_code} after an edit, not 200")
        with CaptureQueriesContext(connection) as edit_queries:
            content_changed()
            client.get(path)
        rows[url] = {
            "queries": query_count,
            "kib": len(response.content) / 1024,
            "median_ms": statistics.median(timings),
            "p95_ms": statistics.quantiles(timings, n=20)[18],
            "cpu_ms": statistics.median(cpu),
            "after_edit_ms": statistics.median(after_edit),
            "after_edit_queries": len(edit_queries),
            "target_ms": target,
        }
    return rows


def _profile(url: str, requests: int) -> None:
    """cProfile of `requests` requests, and template work per request."""
    from django.template import base, loader_tags
    from django.test import Client

    counts = {"variables": 0, "includes": 0}
    resolve, include = base.Variable._resolve_lookup, loader_tags.IncludeNode.render

    def counting_resolve(self: object, context: object) -> object:
        counts["variables"] += 1
        return resolve(self, context)  # type: ignore[arg-type]

    def counting_include(self: object, context: object) -> object:
        counts["includes"] += 1
        return include(self, context)  # type: ignore[arg-type]

    client = Client()
    path = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    for _ in range(WARMUP):
        client.get(path)
    base.Variable._resolve_lookup = counting_resolve  # type: ignore[method-assign]
    loader_tags.IncludeNode.render = counting_include  # type: ignore[method-assign]
    client.get(path)
    base.Variable._resolve_lookup, loader_tags.IncludeNode.render = resolve, include
    print(
        f"{url}: {counts['variables']} variable look-ups, {counts['includes']} includes per request"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    if os.environ.get("BENCH_PROFILE_OUT"):
        profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def _run_one(dataset: str, requests: int, profile: str | None) -> None:
    import django

    django.setup()
    _prepare(dataset)
    if profile:
        _profile(profile, requests)
        return
    from django.db import connection

    from bench.probe import _db_version

    result = {
        "dataset": dataset,
        "database": _db_version(connection),
        "requests": requests,
        "pages": _time_pages(PAGES[dataset], requests),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()


def _print_table(result: dict) -> None:
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(
        f"\n{result['dataset']} data set, {result['database']}, "
        f"{result['requests']} requests a page, load average {' '.join(load)}"
    )
    header = (
        f"{'median ms':>9} {'p95 ms':>7} {'cpu ms':>7} {'×bare':>6} {'queries':>7} {'KiB':>6}"
        f"  {'target':<14} {'after edit ms':>13} {'edit queries':>12}"
    )
    print(f"{'page':<64} {header}")
    bare = result["pages"][BARE]["median_ms"]
    for url, row in result["pages"].items():
        target = row["target_ms"]
        verdict = (
            ""
            if target is None
            else f"≤ {target} ms " + ("PASS" if row["median_ms"] <= target else "FAIL")
        )
        print(
            f"{_pad(url, 64)} {row['median_ms']:9.2f} {row['p95_ms']:7.2f} {row['cpu_ms']:7.2f} "
            f"{row['median_ms'] / bare:6.1f} {row['queries']:7d} {row['kib']:6.1f}  {verdict:<14} "
            f"{row['after_edit_ms']:13.2f} {row['after_edit_queries']:12d}"
        )


def _pad(text: str, width: int) -> str:
    """Left-aligned in `width` columns, counting wide (Japanese) characters as two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=["sample", "directory", "all"], default="all")
    parser.add_argument("--requests", type=int, default=30, help="timed requests a page")
    parser.add_argument("--profile", metavar="URL", help="profile one page instead")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.inner:  # the child process, with the data set's settings in its environment
        _run_one(args.dataset, args.requests, args.profile)
        return

    datasets = ["sample", "directory"] if args.dataset == "all" else [args.dataset]
    if args.profile and len(datasets) > 1:
        directory_paths = {url.partition("?")[0] for url, _target in PAGES["directory"]}
        in_directory = args.profile.partition("?")[0] in directory_paths
        datasets = ["directory" if in_directory else "sample"]
    for dataset in datasets:
        # One process per data set: Django's settings (the database) are fixed at start-up.
        command = [sys.executable, __file__, "--inner", "--dataset", dataset]
        command += ["--requests", str(args.requests)]
        if args.profile:
            command += ["--profile", args.profile]
            subprocess.run(command, env=_environment(dataset), cwd=ROOT, check=True)
            continue
        output = subprocess.run(
            command, env=_environment(dataset), cwd=ROOT, check=True, stdout=subprocess.PIPE
        ).stdout
        result = json.loads(output.decode().strip().splitlines()[-1])
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            _print_table(result)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
