"""Turn wrk's output into one table, each page beside the bare view (called by bench/run.sh).

    python bench/report.py --probe probe.json --setting NAME=TEXT ... \
        [--search-target-ms 200] [--uncached URL=WRK_OUTPUT ...] URL=WRK_OUTPUT ...

The first URL=WRK_OUTPUT pair is the baseline (the bare view); every row shows its
requests/s and p50 as a multiple of the baseline's. The pairs are the pages served with the
page cache on (hits, marked PASS or FAIL against the cached-page target: at least
CACHED_TARGET_SHARE of the bare view's requests/s with p99 ≤ CACHED_TARGET_P99_MS); the
--uncached pairs, from a second server with PAGE_CACHE=off, are shown beside them. Latency
percentiles come from the line bench/percentiles.lua prints (wrk -s). With
--search-target-ms, each /search/ row is marked PASS or FAIL against that p95 (the uncached
one when given); the marks are information, not the exit status. Exits 1 if a run
saw non-2xx/3xx responses or a page did not answer 200 in the probe, so an error page is
never reported as a figure.
"""

import argparse
import json
import os
import re
import sys
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

# bench/percentiles.lua: "bench-latency-us p50=1523 p95=2410 p99=3208 max=… mean=… stdev=…"
LATENCY = re.compile(r"^bench-latency-us((?: \w+=[\d.]+)+)\s*$", re.MULTILINE)
PERCENTILES = ("p50", "p95", "p99")
SEARCH_PREFIX = "/search/"
# The target for pages served from the page cache (issue 10), information only.
CACHED_TARGET_SHARE = 0.40
CACHED_TARGET_P99_MS = 25.0
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)
TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
ERROR_KINDS = ("connect", "read", "write", "timeout")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass
class Run:
    url: str
    requests: int
    rate: float
    p50: float  # milliseconds
    p95: float
    p99: float
    non_2xx: int
    socket_errors: dict[str, int]


def parse_wrk(url: str, text: str) -> Run:
    rate = RATE.search(text)
    total = TOTAL.search(text)
    line = LATENCY.search(text)
    latency = {}
    if line:
        for item in line.group(1).split():
            name, _, value = item.partition("=")
            latency[name] = float(value) / 1000  # microseconds → ms
    if not (rate and total and set(PERCENTILES) <= latency.keys()):
        sys.exit(
            f"bench: could not read wrk's output for {url} "
            f"(was -s bench/percentiles.lua given?):\n{text}"
        )
    non_2xx = NON_2XX.search(text)
    errors = SOCKET_ERRORS.search(text)
    return Run(
        url=url,
        requests=int(total.group(1)),
        rate=float(rate.group(1)),
        p50=latency["p50"],
        p95=latency["p95"],
        p99=latency["p99"],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(ERROR_KINDS, map(int, errors.groups()), strict=True))
        if errors
        else {},
    )


def read_pair(pair: str) -> Run:
    url, _, path = pair.rpartition("=")  # the URL may hold "=" (?district=…)
    return parse_wrk(url, Path(path).read_text())


def ratio(value: float) -> str:
    """0.45×, or three decimals below 0.1 so that a very slow page does not show as 0.00×."""
    return f"{value:.3f}×" if value < 0.1 else f"{value:.2f}×"


def shown(url: str) -> str:
    """The URL as a reader writes it: /search/?q=相談, not /search/?q=%E7%9B%B8%E8%AB%87."""
    return urllib.parse.unquote(url)


def display_width(text: str) -> int:
    """Columns on a terminal: Japanese (wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", type=Path, required=True, help="JSON from bench.probe pages")
    parser.add_argument(
        "--setting", action="append", default=[], help="NAME=TEXT for the environment block"
    )
    parser.add_argument(
        "--load-at-start", default="", help="/proc/loadavg's first three fields before the run"
    )
    parser.add_argument(
        "--search-target-ms",
        type=float,
        help="mark each /search/ row PASS or FAIL against this p95 (information only)",
    )
    parser.add_argument(
        "--uncached",
        action="append",
        default=[],
        help="URL=FILE with wrk's output for the page rendered every time (PAGE_CACHE=off)",
    )
    parser.add_argument("runs", nargs="+", help="URL=FILE with wrk's output; the first is bare")
    args = parser.parse_args()

    probe = json.loads(args.probe.read_text())
    runs = [read_pair(pair) for pair in args.runs]
    uncached = {run.url: run for run in map(read_pair, args.uncached)}
    bare = runs[0]

    settings = [
        ("CPUs", f"{os.cpu_count()} (shared by wrk and gunicorn)"),
        ("Python", f"{probe['python']}, Django {probe['django']}"),
        ("Database", f"{probe['db_vendor']}: {probe['db_version']}"),
        (
            "Data",
            f"{probe['action_items']} published action items, {probe['hashtags']} hashtags, "
            f"{probe.get('members', '?')} members, {probe.get('facilities', '?')} facilities, "
            f"{probe['activities']} activities (listed)",
        ),
    ]
    settings += [tuple(item.split("=", 1)) for item in args.setting]
    busy = False
    if args.load_at_start:
        settings.append(("Load average", f"{args.load_at_start} before the run (1, 5, 15 min)"))
        busy = float(args.load_at_start.split()[0]) > (os.cpu_count() or 1) / 2
    width = max(len(name) for name, _ in settings)
    print("Environment")
    for name, text in settings:
        print(f"  {name.ljust(width)}  {text}")
    print()

    target = args.search_target_ms
    target_header = f"p95 ≤ {target:g} ms" if target is not None else ""
    header = ["URL", "req/s", "p50 ms", "p99 ms", "req/s ×bare", "cached target"]
    if uncached:
        header += ["uncached req/s", "p50 ms", "p95 ms", "p99 ms", "req/s ×bare"]
    header += ["1 req ms", "1 req p95", "queries", "KiB"]
    rows = [header + ([target_header] if target is not None else [])]
    verdicts, cached_verdicts = [], []
    for n, run in enumerate(runs):
        page = probe["pages"].get(run.url, {})
        cached_verdict = ""
        if n:
            met = run.rate / bare.rate >= CACHED_TARGET_SHARE and run.p99 <= CACHED_TARGET_P99_MS
            cached_verdict = "PASS" if met else "FAIL"
            cached_verdicts.append(cached_verdict)
        row = [
            shown(run.url),
            f"{run.rate:.1f}",
            f"{run.p50:.2f}",
            f"{run.p99:.2f}",
            ratio(run.rate / bare.rate),
            cached_verdict,
        ]
        rendered = uncached.get(run.url)
        if uncached:
            row += (
                [
                    f"{rendered.rate:.1f}",
                    f"{rendered.p50:.2f}",
                    f"{rendered.p95:.2f}",
                    f"{rendered.p99:.2f}",
                    ratio(rendered.rate / bare.rate),
                ]
                if rendered
                else ["—"] * 5
            )
        row += [
            f"{page['inprocess_ms']:.2f}" if "inprocess_ms" in page else "?",
            f"{page['inprocess_p95_ms']:.2f}" if "inprocess_p95_ms" in page else "?",
            str(page.get("queries", "?")),
            f"{page['bytes'] / 1024:.1f}" if "bytes" in page else "?",
        ]
        if target is not None:
            verdict = ""
            if shown(run.url).startswith(SEARCH_PREFIX):
                p95 = (rendered or run).p95  # search's target is for uncached queries
                verdict = "PASS" if p95 <= target else "FAIL"
                verdicts.append(verdict)
            row.append(verdict)
        rows.append(row)
    print(table(rows, right=set(range(1, len(rows[0])))))
    print()
    print(
        "First row: the bare view (full middleware, no work, no page cache). ×bare: the page's "
        "figure divided by the bare view's.\nreq/s, p50, p99, cached target: served by the "
        "page cache (anonymous visitors; the warm-up filled it); target: ≥ "
        f"{CACHED_TARGET_SHARE:.2f}× the bare view's req/s and p99 ≤ {CACHED_TARGET_P99_MS:g} ms"
        " (information only).\n"
        + (
            "uncached: a second gunicorn with PAGE_CACHE=off, every request rendered.\n"
            if uncached
            else ""
        )
        + "p50/p95/p99: wrk's latency percentiles under the load above (queueing included).\n"
        "1 req ms, 1 req p95, queries: one request at a time in-process, rendered "
        "(PAGE_CACHE=off; Django's test client; no HTTP, no concurrency; "
        f"{probe.get('timed_requests', '?')} requests).\n"
        "Requests per run: " + ", ".join(f"{shown(run.url)} {run.requests}" for run in runs) + "."
    )
    if cached_verdicts:
        print(
            f"Cached target met by {cached_verdicts.count('PASS')} of {len(cached_verdicts)} "
            "pages (information only: not the exit status)."
        )
    if any("?q=@" in run.url for run in runs):
        print(
            "/search/?q=@FILE: each request asks for the next query of FILE with a number of its "
            "own (bench/search_queries.lua), so every request is distinct and uncached; 1 req "
            "ms/p95 over every query of FILE, queries and KiB the most of any of them."
        )
    if verdicts:
        print(
            f"Search target: p95 ≤ {target:g} ms on PostgreSQL at 1,000 members, "
            f"5,000 facilities, 20,000 activities; {verdicts.count('PASS')} of {len(verdicts)} "
            f"search URLs met it on {probe['db_vendor']} (information only: not the exit status)."
        )

    failed = False
    if busy:
        print(
            f"WARNING: the machine was busy before the run (load {args.load_at_start} on "
            f"{os.cpu_count()} CPUs); other processes skew these figures. Rerun when it is quiet.",
            file=sys.stderr,
        )
    for run in [*runs, *uncached.values()]:
        if run.non_2xx:
            print(f"ERROR: {shown(run.url)}: {run.non_2xx} non-2xx/3xx responses", file=sys.stderr)
            failed = True
        if any(run.socket_errors.values()):
            detail = ", ".join(f"{k} {v}" for k, v in run.socket_errors.items() if v)
            print(f"WARNING: {shown(run.url)}: socket errors ({detail})", file=sys.stderr)
    for url, page in probe["pages"].items():
        if page["status"] != 200:
            print(f"ERROR: {shown(url)} answered {page['status']} in the probe", file=sys.stderr)
            failed = True
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
