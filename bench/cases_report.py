"""The consultation workspace's figures as one table (called by bench/cases.sh).

    python bench/cases_report.py --probe probe.json --target-ms 250 --single-ms 25 \
        --setting NAME=TEXT ... URL=WRK_OUTPUT ...

Each page is marked PASS or FAIL against the p95 target under load and against the target for
one request alone (the in-process median); the exit status is 1 only when a run saw errors (a
figure of an error page is not a figure). Reuses bench/report.py's parsing.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import parse_wrk, shown, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", type=Path, required=True)
    parser.add_argument("--target-ms", type=float, default=250.0)
    parser.add_argument("--single-ms", type=float, default=25.0)
    parser.add_argument("--setting", action="append", default=[])
    parser.add_argument("--load-at-start", default="")
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()

    probe = json.loads(args.probe.read_text())
    runs = []
    for pair in args.runs:
        url, _, path = pair.rpartition("=")  # the URL may hold "=", the file name does not
        runs.append(parse_wrk(url, Path(path).read_text()))

    print("Environment")
    settings = [
        ("CPUs", f"{os.cpu_count()} (shared by wrk and gunicorn)"),
        ("Python", f"{probe['python']}, Django {probe['django']}"),
        ("Database", f"{probe['db_vendor']}: {probe['db_version']}"),
        ("Data", f"{probe['cases']:,} cases, {probe['entries']:,} progress entries"),
        *(tuple(item.split("=", 1)) for item in args.setting),
    ]
    if args.load_at_start:
        settings.append(("Load average", f"{args.load_at_start} before the run (1, 5, 15 min)"))
    width = max(len(name) for name, _ in settings)
    for name, text in settings:
        print(f"  {name.ljust(width)}  {text}")
    print()
    header = ["URL", "req/s", "p50 ms", "p95 ms", "p99 ms", "1 req ms", "queries", "KiB"]
    header.append(f"p95 ≤ {args.target_ms:g} ms")
    header.append(f"1 req ≤ {args.single_ms:g} ms")
    rows = [header]
    failed = False
    passes = single_passes = 0
    for run in runs:
        page = probe["pages"].get(run.url, {})
        errors = run.non_2xx or any(run.socket_errors.values()) or page.get("status") != 200
        # A run with errors (wrk's 2 s timeouts included) has no honest p95: FAIL.
        verdict = "PASS" if run.p95 <= args.target_ms and run.requests and not errors else "FAIL"
        passes += verdict == "PASS"
        alone = page.get("inprocess_ms")
        single = "PASS" if alone is not None and alone <= args.single_ms and not errors else "FAIL"
        single_passes += single == "PASS"
        rows.append(
            [
                shown(run.url),
                f"{run.rate:.1f}",
                f"{run.p50:.2f}",
                f"{run.p95:.2f}",
                f"{run.p99:.2f}",
                f"{page.get('inprocess_ms', 0):.2f}",
                str(page.get("queries", "?")),
                f"{page.get('bytes', 0) / 1024:.1f}",
                verdict,
                single,
            ]
        )
        if errors:
            failed = True
            print(
                f"bench: {shown(run.url)} had errors: {run.non_2xx} non-2xx/3xx, "
                f"{run.socket_errors}, probe status {page.get('status')}",
                file=sys.stderr,
            )
    print(table(rows, right=set(range(1, len(header) - 2))))
    print()
    print(
        f"{passes} of {len(runs)} pages met p95 ≤ {args.target_ms:g} ms, {single_passes} met "
        f"1 req ≤ {args.single_ms:g} ms. queries: SQL queries of one request (the session's "
        "own reads and the access-log write included)."
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
