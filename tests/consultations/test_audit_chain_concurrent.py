"""Writers in parallel on PostgreSQL, each thread with its own connection: every row still
follows the one inserted before it (the chain's lock serialises them), so the chain verifies."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from consultations import services
from consultations.models import AccessLog, ChangeRecord
from tests.consultations.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]

THREADS = 6
ROWS_EACH = 15


def test_parallel_writers_keep_the_chain_whole(staff_a) -> None:
    case = CaseFactory(primary_staff=staff_a)
    before = AccessLog.objects.count()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            start.wait()
            for row in range(ROWS_EACH):
                if row % 5 == 0:  # some in a longer transaction with a change record
                    with transaction.atomic():
                        services.person_update(
                            person=case.person, user=staff_a, notes=f"追記 {number}-{row}"
                        )
                else:
                    services.access_log(user=staff_a, action="view", case=case)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert AccessLog.objects.count() == before + THREADS * ROWS_EACH
    assert ChangeRecord.objects.count() >= THREADS * (ROWS_EACH // 5)
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert out.getvalue().count("OK ") == 2, out.getvalue()
