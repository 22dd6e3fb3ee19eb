"""Cases recorded before the case row kept its person's reading and its categories
(consultations 0016) are found by the reading and listed in their categories once migrated.

Transactional: SQLite's schema editor refuses to run inside the test's transaction."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.models import Case

BEFORE = [("consultations", "0015_households_and_intake_corrections")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before_the_copies():
    migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_cases_recorded_before_are_found_by_reading_and_category(before_the_copies) -> None:
    apps = before_the_copies
    OldCase = apps.get_model("consultations", "Case")
    OldCategory = apps.get_model("consultations", "Category")
    team = apps.get_model("consultations", "Team").objects.create(name="移行", slug="migration")
    person = apps.get_model("consultations", "Person").objects.create(
        kana="いこう たろう", kana_key="いこうたろう"
    )
    fields = {"channel": "phone", "came_from": "self", "team": team}
    named = OldCase.objects.create(number="2025-999991", person=person, **fields)
    anonymous = OldCase.objects.create(number="2025-999992", **fields)
    # Made here: a transactional test before this one may have emptied the seeded ones.
    hardship, loan, other = (
        OldCategory.objects.get_or_create(slug=f"migration-{n}", defaults={"name": f"移行{n}"})[0]
        for n in range(3)
    )
    named.categories.set([hardship, loan])
    anonymous.categories.set([loan])

    call_command("migrate", verbosity=0)

    def numbers(cases: object) -> set[str]:
        return set(cases.values_list("number", flat=True))  # type: ignore[attr-defined]

    assert numbers(Case.objects.search("いこう")) == {"2025-999991"}
    assert numbers(Case.objects.search("たろう")) == {"2025-999991"}
    assert numbers(Case.objects.in_category(hardship.pk)) == {"2025-999991"}
    assert numbers(Case.objects.in_category(loan.pk)) == {"2025-999991", "2025-999992"}
    assert numbers(Case.objects.in_category(other.pk)) == set()
