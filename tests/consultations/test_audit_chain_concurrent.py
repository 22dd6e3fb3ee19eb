"""Writers in parallel on PostgreSQL, each thread with its own connection: every row still
follows the one inserted before it (the chain's lock serialises them), so the chain verifies,
and intakes that also lock the case-number counter never deadlock with each other."""

import importlib
import io
import threading

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, connections, transaction

from accounts.roles import sync_roles
from consultations import services
from consultations.models import AccessLog, Case, Category, ChangeRecord, Team
from tests.consultations.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]

THREADS = 6
ROWS_EACH = 15


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """What the migrations put in (a transactional test starts from a flushed database, as
    the browser tests do): districts, teams, categories and the role groups."""
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    sync_roles()


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


def test_parallel_intakes_with_new_and_known_persons_neither_deadlock_nor_break_it(
    staff_a,
) -> None:
    # An intake with a new person writes audit rows before numbering the case, one with a known
    # person numbers it first: both must take the counter's lock before the chain's.
    known = CaseFactory(primary_staff=staff_a).person
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def intake(number: int) -> None:
        try:
            start.wait()
            for row in range(4):
                person = {"person": known} if number % 2 else {"person_fields": {"name": "新規"}}
                services.case_create(
                    user=staff_a,
                    team=Team.objects.get(slug="jiritsu"),
                    channel=Case.Channel.PHONE,
                    came_from=Case.CameFrom.SELF,
                    categories=[Category.objects.get(slug="other")],
                    main_concern=f"並行 {number}-{row}",
                    **person,
                )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=intake, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert Case.objects.count() == 1 + THREADS * 4
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert out.getvalue().count("OK ") == 2, out.getvalue()
