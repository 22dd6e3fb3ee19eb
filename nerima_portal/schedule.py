"""What the task queue runs on its own, and when (cron, Asia/Tokyo). One line per entry:
`manage.py sync_schedule` (run by `make run` and at every deploy, after migrate) makes the
queue's schedule match this list — adding an entry adds it, removing one removes it, and
operators see each entry with its last run in the admin (タスク → 予定されたタスク).

Add a command with one line: `Scheduled.command("send_participation_reminders", "0 9 * * *")`.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scheduled:
    name: str  # the schedule's name in the admin: unique, kept stable across deploys
    func: str  # a task's dotted path
    cron: str  # minute hour day month weekday, in TIME_ZONE (Asia/Tokyo)
    args: tuple[str, ...] = field(default=())

    @classmethod
    def command(cls, command: str, cron: str, *args: str) -> "Scheduled":
        """`manage.py <command> <args>` at `cron`; its output is kept as the task's result."""
        name = " ".join(("manage.py", command, *args))
        return cls(name=name, func="core.tasks.run_command", cron=cron, args=(command, *args))


SCHEDULE: tuple[Scheduled, ...] = (
    # E-mail the mail server refused, or whose worker died, once its wait is over
    Scheduled("e-mail: retry overdue", "core.emails.emails_deliver_overdue", "* * * * *"),
    # Nightly at 03:00: recurring activities' dates rolled forward (README, Scheduled commands)
    Scheduled.command("refresh_occurrences", "0 3 * * *"),
    # Monthly, the 1st at 04:00: the retention dry run (lists, changes nothing)
    Scheduled.command("apply_retention", "0 4 1 * *"),
    # Yearly, 31 March at 23:00, the fiscal year's last day: indicator snapshots
    Scheduled.command("record_indicator_snapshots", "0 23 31 3 *"),
    # Daily at 18:00: the reminders of tomorrow's activities to those who joined (idempotent)
    Scheduled.command("send_participation_reminders", "0 18 * * *"),
    # Monthly, the 1st at 09:00: member organisations' editors with entries unconfirmed for
    # six months get a 「変更なし」 link (once a month each)
    Scheduled.command("remind_member_editors", "0 9 1 * *"),
    # Weekly, Monday at 07:00: the digest for residents who chose it (nerima_portal/digest.py)
    Scheduled.command("send_weekly_digest", "0 7 * * 1"),
)
