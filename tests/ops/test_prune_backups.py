"""ops/prune-backups: the newest backup of each of the last N days and M weeks is kept, the
rest deleted; an unfinished backup is left alone for a day, then removed."""

import datetime as dt
import importlib.machinery
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_loader = importlib.machinery.SourceFileLoader("prune_backups", str(ROOT / "ops" / "prune-backups"))
_spec = importlib.util.spec_from_loader("prune_backups", _loader)
assert _spec is not None
prune_backups = importlib.util.module_from_spec(_spec)
_loader.exec_module(prune_backups)

NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)  # a Saturday


def make(directory: Path, moment: dt.datetime, *, complete: bool = True) -> str:
    stamp = f"portal-{moment:%Y%m%dT%H%M%SZ}"
    for suffix in (".db.dump.age", ".media.tar.age", ".manifest"):
        (directory / f"{stamp}{suffix}").write_bytes(b"x")
    if complete:
        (directory / f"{stamp}.sha256").write_text("x")
    return stamp


def stamps(directory: Path) -> set[str]:
    return {path.name.split(".")[0] for path in directory.iterdir()}


def test_it_keeps_the_newest_of_each_recent_day_and_week(tmp_path: Path) -> None:
    # Two backups a day (01:00 and 03:00 UTC) for 60 days, the newest at NOW.
    for day in range(60):
        for hours_earlier in (0, 2):
            make(tmp_path, NOW - dt.timedelta(days=day, hours=hours_earlier))
    removed = prune_backups.prune(tmp_path, "portal", daily=7, weekly=4, now=NOW, dry_run=False)
    # The 03:00 backups of the last 7 days (29 November - 5 December), and the newest of each
    # of the last 4 ISO weeks: 5 Dec and 29 Nov (already kept), 22 Nov and 15 Nov.
    days = ["20261115", "20261122", "20261129", "20261130"]
    days += [f"202612{day:02d}" for day in range(1, 6)]
    assert stamps(tmp_path) == {f"portal-{day}T030000Z" for day in days}
    assert len(removed) == (120 - len(days)) * 4  # every file of a removed backup


def test_an_unfinished_backup_waits_a_day_then_goes(tmp_path: Path) -> None:
    kept = make(tmp_path, NOW - dt.timedelta(hours=1))
    running = make(tmp_path, NOW - dt.timedelta(minutes=5), complete=False)
    stale = make(tmp_path, NOW - dt.timedelta(days=2), complete=False)
    prune_backups.prune(tmp_path, "portal", daily=7, weekly=8, now=NOW, dry_run=False)
    assert stamps(tmp_path) == {kept, running}
    assert stale not in stamps(tmp_path)


def test_the_newest_backup_stays_whatever_the_rule(tmp_path: Path) -> None:
    newest = make(tmp_path, NOW)
    make(tmp_path, NOW - dt.timedelta(hours=2))
    prune_backups.prune(tmp_path, "portal", daily=1, weekly=0, now=NOW, dry_run=False)
    assert stamps(tmp_path) == {newest}


def test_a_dry_run_deletes_nothing_and_other_names_are_left_alone(tmp_path: Path) -> None:
    for hours in range(3):
        make(tmp_path, NOW - dt.timedelta(hours=hours))
    (tmp_path / "other-20200101T000000Z.db.dump.age").write_bytes(b"x")
    removed = prune_backups.prune(tmp_path, "portal", daily=1, weekly=0, now=NOW, dry_run=True)
    assert len(removed) == 8
    assert len(list(tmp_path.iterdir())) == 13
