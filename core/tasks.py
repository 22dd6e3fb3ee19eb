"""The task queue: django-q2 with its database broker (README, "Background tasks").

Tasks are plain functions named by their dotted path; `enqueue` writes the task into the
queue's table through the caller's database connection, so a task queued inside a transaction
exists exactly when that transaction commits — never for a rolled-back change, never lost
between a commit and a broker. `manage.py qcluster` runs the workers and the schedule
(nerima_portal/schedule.py). With TASKS_SYNC=true (the tests) a task runs at once, inline.
"""

import io
from typing import Any

from django.core.management import call_command
from django_q.tasks import async_task


def enqueue(func: str, *args: Any, **kwargs: Any) -> str:
    """Queue `func` (a dotted path) with JSON-like arguments; returns the task's id."""
    return async_task(func, *args, **kwargs)


def run_command(name: str, *args: str) -> str:
    """A scheduled management command; its output is kept as the task's result (admin:
    成功したタスク / 失敗したタスク), and an exception marks the task failed."""
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()
