"""Turn wrk's output into one table, each page beside the bare view (called by bench/run.sh).

    python bench/report.py --probe probe.json --setting NAME=TEXT ... \
        [--search-target-ms 200] URL=WRK_OUTPUT ...

The first URL=WRK_OUTPUT pair is the baseline (the bare view); every row shows its
requests/s and p50 as a multiple of the baseline's. Latency percentiles come from the line
bench/percentiles.lua prints (wrk -s). With --search-target-ms, each /search/ row is marked
PASS or FAIL against that p95; the mark is information, not the exit status. Exits 1 if a run
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
    parser.add_argument("runs", nargs="+", help="URL=FILE with wrk's output; the first is bare")
    args = parser.parse_args()

    probe = json.loads(args.probe.read_text())
    runs = []
    for pair in args.runs:
        url, _, path = pair.rpartition("=")  # the URL may hold "=" (?district=…)
        runs.append(parse_wrk(url, Path(path).read_text()))
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
    header = ["URL", "req/s", "p50 ms", "p95 ms", "p99 ms", "req/s ×bare", "p50 ×bare"]
    header += ["1 req ms", "1 req p95", "queries", "KiB"]
    rows = [header + ([target_header] if target is not None else [])]
    verdicts = []
    for run in runs:
        page = probe["pages"].get(run.url, {})
        row = [
            shown(run.url),
            f"{run.rate:.1f}",
            f"{run.p50:.2f}",
            f"{run.p95:.2f}",
            f"{run.p99:.2f}",
            ratio(run.rate / bare.rate),
            ratio(run.p50 / bare.p50),
            f"{page['inprocess_ms']:.2f}" if "inprocess_ms" in page else "?",
            f"{page['inprocess_p95_ms']:.2f}" if "inprocess_p95_ms" in page else "?",
            str(page.get("queries", "?")),
            f"{page['bytes'] / 1024:.1f}" if "bytes" in page else "?",
        ]
        if target is not None:
            verdict = ""
            if shown(run.url).startswith(SEARCH_PREFIX):
                verdict = "PASS" if run.p95 <= target else "FAIL"
                verdicts.append(verdict)
            row.append(verdict)
        rows.append(row)
    print(table(rows, right=set(range(1, len(header)))))
    print()
    print(
        "First row: the bare view (full middleware, no work). ×bare: the page's figure divided "
        "by the bare view's.\np50/p95/p99: wrk's latency percentiles under the load above "
        "(queueing included).\n1 req ms, 1 req p95: median and p95 of one request at a time "
        "in-process (Django's test client; no HTTP, no concurrency; "
        f"{probe.get('timed_requests', '?')} requests).\n"
        "Requests per run: " + ", ".join(f"{shown(run.url)} {run.requests}" for run in runs) + "."
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
    for run in runs:
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
