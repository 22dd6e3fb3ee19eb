"""E-mail through the task queue survives its faults, with real processes: `manage.py
qcluster` (django-q2, its queue in a SQLite file) delivering to a local SMTP server (aiosmtpd)
that this test runs and controls.

- The mail server refuses, then accepts: every mail is delivered once, after waiting.
- A worker is killed (SIGKILL, the whole cluster) in the middle of an SMTP conversation and
  started again: the mail it was sending is delivered once, and so are the others.

Each test prints its counts: sent, retried, duplicated (must be 0), lost (must be 0).
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.smtp_sink import Sink

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.timeout(600)


class Portal:
    """Management commands and the task cluster against one SQLite file."""

    def __init__(self, tmp_path: Path, smtp_port: int) -> None:
        self.log_path = tmp_path / "qcluster.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
            "DATABASE_CONN_MAX_AGE": "0",
            "DEBUG": "false",
            "TASKS_SYNC": "false",
            "TASK_WORKERS": "1",
            "TASK_TIMEOUT": "15",  # longer than an SMTP timeout (10 s)
            "TASK_RETRY": "16",  # a task of a dead worker is taken again after this
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_RETRY_BASE_SECONDS": "1",
            "EMAIL_LEASE_SECONDS": "12",
        }
        self.cluster: subprocess.Popen | None = None
        self.manage("migrate", "--no-input", "-v0")
        self.manage("sync_schedule", "-v0")

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def queue_mails(self, count: int) -> None:
        """What any workflow does: core.emails.send, in a transaction of its own."""
        self.manage(
            "shell",
            "-c",
            "from core import emails\n"
            f"for n in range({count}):\n"
            "    emails.send('inquiry_received', {'reference': f'T-{n}', 'waiting': 1}, "
            "to=[f'staff{n}@example.jp'])",
        )

    def outbox(self) -> list[dict]:
        return json.loads(
            self.manage(
                "shell",
                "--no-imports",
                "-c",
                "import json; from core.models import OutboxEmail; print(json.dumps(list("
                "OutboxEmail.objects.values('message_id', 'to', 'status', 'attempts'))))",
            )
        )

    def start(self) -> None:
        log = self.log_path.open("a")
        self.cluster = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group: a kill reaches every worker
        )

    def kill(self) -> None:
        """SIGKILL the cluster and all its processes: no chance to clean up."""
        assert self.cluster is not None
        os.killpg(self.cluster.pid, signal.SIGKILL)
        self.cluster.wait(timeout=30)

    def stop(self) -> None:
        if self.cluster is not None and self.cluster.poll() is None:
            os.killpg(self.cluster.pid, signal.SIGTERM)
            try:
                self.cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.cluster.pid, signal.SIGKILL)
                self.cluster.wait(timeout=30)


@pytest.fixture
def portal(tmp_path: Path, sink: tuple[Sink, int]) -> Iterator[Portal]:
    running = Portal(tmp_path, sink[1])
    try:
        yield running
    finally:
        running.stop()


def wait_until(condition: Callable[[], bool], *, seconds: float, portal: Portal) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(portal.log_path.read_text()[-5000:])
        time.sleep(0.5)


def counts(handler: Sink, rows: list[dict]) -> dict[str, int]:
    arrived = Counter(handler.received)
    return {
        "sent": sum(row["status"] == "sent" for row in rows),
        "retried": sum(row["attempts"] - 1 for row in rows if row["attempts"] > 1),
        "duplicated": sum(n - 1 for n in arrived.values() if n > 1),
        "lost": sum(arrived[row["message_id"]] == 0 for row in rows),
    }


def test_mail_refused_then_accepted_is_delivered_once(
    portal: Portal, sink: tuple[Sink, int]
) -> None:
    handler, _port = sink
    handler.refuse = 3
    portal.queue_mails(5)

    portal.start()
    # The refused three wait (1 s, then 2 s …) and the every-minute sweep queues them again.
    wait_until(lambda: len(set(handler.received)) == 5, seconds=240, portal=portal)
    time.sleep(3)  # anything sent twice would arrive by now
    rows = portal.outbox()

    result = counts(handler, rows)
    print(f"\nSMTP refusing, then accepting: {result}")
    assert handler.refused == 3
    assert result == {"sent": 5, "retried": 3, "duplicated": 0, "lost": 0}
    assert sorted(handler.recipients) == sorted(f"staff{n}@example.jp" for n in range(5))


def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    portal: Portal, sink: tuple[Sink, int]
) -> None:
    handler, _port = sink
    handler.stall = True
    portal.queue_mails(4)

    portal.start()
    assert handler.stalled.wait(timeout=120), portal.log_path.read_text()[-5000:]
    portal.kill()  # mid-conversation: after RCPT, before the message was accepted
    assert [row["status"] for row in portal.outbox()].count("sending") == 1

    portal.start()
    wait_until(lambda: len(set(handler.received)) == 4, seconds=240, portal=portal)
    time.sleep(3)
    rows = portal.outbox()

    result = counts(handler, rows)
    print(f"\nWorker killed mid-send, restarted: {result}")
    assert result == {"sent": 4, "retried": 1, "duplicated": 0, "lost": 0}
