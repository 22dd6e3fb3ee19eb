"""Case numbers: YYYY-NNNNNN per fiscal year (April–March), from a counter row, no race."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from consultations import services
from consultations.models import Case, CaseCounter, Category, Team


def intake(user, received_on: dt.date) -> Case:
    return services.case_create(
        user=user,
        team=Team.objects.get(slug="jiritsu"),
        channel=Case.Channel.PHONE,
        came_from=Case.CameFrom.SELF,
        categories=[Category.objects.get(slug="other")],
        received_on=received_on,
    )


@pytest.mark.django_db
def test_numbers_follow_the_fiscal_year_and_restart_each_april(staff_a) -> None:
    numbers = [
        intake(staff_a, day).number
        for day in (dt.date(2025, 4, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1))
    ]

    assert numbers == ["2025-000001", "2025-000002", "2026-000001"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
def test_concurrent_intakes_never_share_a_number() -> None:
    numbers: list[str] = []
    errors: list[Exception] = []

    def take(count: int) -> None:
        try:
            for _ in range(count):
                numbers.append(CaseCounter.next_number(2025))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(15,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"2025-{n:06d}" for n in range(1, 61)]
