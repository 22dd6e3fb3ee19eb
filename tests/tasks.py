"""The task queue in tests. TASKS_SYNC=true (pyproject) runs every task at once, inside the
caller. `queue_tasks` keeps them queued instead (in django-q2's table, as in production), and
`run_queued_tasks` then hands each to django-q2's own worker and monitor in this process —
the code `manage.py qcluster` runs, without its processes: the task runs, its result is
saved and it is acknowledged (removed from the queue). Real processes:
tests/core/test_task_queue_faults.py.
"""

from multiprocessing import Queue, Value

import pytest
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.monitor import monitor
from django_q.signing import SignedPackage
from django_q.worker import worker


@pytest.fixture
def queue_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)


def run_queued_tasks() -> int:
    """Run every queued task once; returns how many ran."""
    broker = get_broker()
    ran = 0
    while OrmQ.objects.exists():
        task_queue: Queue = Queue()
        result_queue: Queue = Queue()
        for ack_id, payload in broker.dequeue() or []:
            task = SignedPackage.loads(payload)
            task["ack_id"] = ack_id
            task["sync"] = True  # keep the test's database connection (its transaction)
            task_queue.put(task)
            ran += 1
        task_queue.put("STOP")
        worker(task_queue, result_queue, Value("f", -1))
        result_queue.put("STOP")
        sync, Conf.SYNC = Conf.SYNC, True  # the monitor, too, keeps the connection
        try:
            monitor(result_queue, broker)
        finally:
            Conf.SYNC = sync
    return ran
