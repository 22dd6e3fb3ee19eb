"""The task queue's schedule is nerima_portal/schedule.py: `sync_schedule` makes the queue's
table match it, and every entry names something that exists."""

import datetime as dt
import pydoc
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone
from django_q.models import Schedule

from nerima_portal.schedule import SCHEDULE, Scheduled


def test_every_scheduled_command_and_task_exists() -> None:
    commands = get_commands()
    for entry in SCHEDULE:
        assert callable(pydoc.locate(entry.func)), entry.func
        if entry.func == "core.tasks.run_command":
            assert entry.args[0] in commands, entry.args[0]


def test_the_issues_commands_are_scheduled() -> None:
    crons = {entry.args[0]: entry.cron for entry in SCHEDULE if entry.args}
    assert crons["refresh_occurrences"] == "0 3 * * *"  # nightly
    assert crons["apply_retention"] == "0 4 1 * *"  # monthly; without --confirm: a dry run
    assert crons["record_indicator_snapshots"] == "0 23 31 3 *"  # 31 March
    assert crons["send_participation_reminders"] == "0 18 * * *"  # the day before, daily
    assert crons["remind_member_editors"] == "0 9 1 * *"  # monthly


@pytest.mark.django_db
def test_sync_schedule_creates_each_entry_once() -> None:
    call_command("sync_schedule", stdout=StringIO())
    call_command("sync_schedule", stdout=StringIO())

    assert Schedule.objects.count() == len(SCHEDULE)
    snapshots = Schedule.objects.get(name="manage.py record_indicator_snapshots")
    assert snapshots.args == "('record_indicator_snapshots',)"
    local = timezone.localtime(snapshots.next_run)
    assert (local.month, local.day, local.hour) == (3, 31, 23)


@pytest.mark.django_db
def test_sync_schedule_updates_changed_entries_and_removes_dropped_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    call_command("sync_schedule", stdout=StringIO())
    changed = (
        Scheduled.command("refresh_occurrences", "30 2 * * *"),
        Scheduled.command("apply_retention", "0 4 1 * *"),
    )
    monkeypatch.setattr("nerima_portal.management.commands.sync_schedule.SCHEDULE", changed)

    call_command("sync_schedule", stdout=StringIO())

    assert Schedule.objects.count() == 2
    nightly = Schedule.objects.get(name="manage.py refresh_occurrences")
    assert nightly.cron == "30 2 * * *"
    assert timezone.localtime(nightly.next_run).time() == dt.time(2, 30)


@pytest.mark.django_db
def test_a_scheduled_command_runs_as_a_task_and_keeps_its_output() -> None:
    from core.tasks import run_command

    output = run_command("apply_retention")

    assert "確認のみです" in output
