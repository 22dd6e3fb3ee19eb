"""The case row's copies (Case.person_kana_key, Case.category_keys) stay what the persons and
the links say when two requests change them at once, on PostgreSQL, each with its own
connection: a case given a person while that person's reading is corrected is found by the
corrected reading, whichever of the two goes first; two categories added to one case at once
both list it.

One of the two is slowed down at the point where, without the locks, the other would land in
between and leave the copy as it was."""

import importlib
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection, connections, transaction
from django.test import Client

from accounts.models import User
from accounts.roles import sync_roles
from consultations import services
from consultations.models import Case, Category, Person, Team
from tests.consultations.factories import CaseFactory, PersonFactory
from tests.staff.test_case_list_kept_copies import category, found, listed_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway"
    ),
]

PAUSE = 0.5  # seconds the slowed-down request waits: ample for the other to land in between


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """What the migrations put in (a transactional test starts from a flushed database):
    districts, teams, categories and the role groups."""
    importlib.import_module("networks.migrations.0003_reference_data").create(django_apps, None)
    importlib.import_module("consultations.migrations.0004_teams_and_categories").seed(
        django_apps, None
    )
    sync_roles()


def at_once(
    first: Callable[[], object], then: Callable[[], object], started: threading.Event
) -> None:
    """`first` in one thread; `then` in another once `first` has reached `started`."""
    errors: list[BaseException] = []

    def run(work: Callable[[], object], wait: bool) -> None:
        try:
            if wait:
                assert started.wait(timeout=10), "the first request never got there"
            work()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(first, False)),
        threading.Thread(target=run, args=(then, True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def slowed_after(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, started: threading.Event
) -> None:
    """`owner.name` runs as before, then tells `started` and waits a moment (its transaction
    still open) before returning."""
    original = getattr(owner, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        started.set()
        time.sleep(PAUSE)
        return result

    monkeypatch.setattr(owner, name, slow)


def test_a_reading_corrected_while_a_case_is_given_that_person_is_the_one_found(
    monkeypatch: pytest.MonkeyPatch, staff_a: User, staff_a_client: Client
) -> None:
    """The case reads the person's reading first; the correction comes before it commits."""
    case = CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="あおき けん"))
    person = PersonFactory(kana="いとう みき", created_by=staff_a)
    started = threading.Event()
    slowed_after(monkeypatch, Case, "_person_reading", started)

    at_once(
        lambda: services.case_update(case=case, user=staff_a, person=person),
        lambda: services.person_update(person=person, user=staff_a, kana="いとう みきこ"),
        started,
    )

    assert Case.objects.get(pk=case.pk).person_id == person.pk
    assert found(staff_a_client, "いとうみきこ") == {case.number}
    assert found(staff_a_client, "あおき") == set()


def test_a_case_taken_in_for_a_person_while_their_reading_is_corrected_is_found_by_it(
    monkeypatch: pytest.MonkeyPatch, staff_a: User, staff_a_client: Client
) -> None:
    """The correction writes the person and their cases first; the intake comes before it
    commits."""
    person = CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="いとう みき")).person
    started = threading.Event()
    slowed_after(monkeypatch, Person, "save", started)
    taken: list[Case] = []

    def intake() -> None:
        taken.append(
            services.case_create(
                user=staff_a,
                team=Team.objects.get(slug="jiritsu"),
                channel=Case.Channel.PHONE,
                came_from=Case.CameFrom.SELF,
                categories=[category("hardship")],
                person=person,
            )
        )

    at_once(
        lambda: services.person_update(person=person, user=staff_a, kana="いとう みきこ"),
        intake,
        started,
    )

    assert taken[0].number in found(staff_a_client, "いとうみきこ")
    assert found(staff_a_client, "いとうみきこ") == set(
        Case.objects.filter(person=person).values_list("number", flat=True)
    )


def test_a_case_saved_with_its_person_unchanged_while_their_reading_is_corrected(
    monkeypatch: pytest.MonkeyPatch, staff_a: User, staff_a_client: Client
) -> None:
    """The case's row is held first (its other details are being changed, its person given
    as it was); the correction then holds the person and waits for the case: the case must
    not wait for the person in turn."""
    case = CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="いとう みき"))
    started = threading.Event()
    slowed_after(monkeypatch, Case, "full_clean", started)

    at_once(
        lambda: services.case_update(
            case=case, user=staff_a, person=case.person, urgency=Case.Urgency.HIGH
        ),
        lambda: services.person_update(person=case.person, user=staff_a, kana="いとう みきこ"),
        started,
    )

    assert Case.objects.get(pk=case.pk).urgency == Case.Urgency.HIGH
    assert found(staff_a_client, "いとうみきこ") == {case.number}


def test_two_categories_added_to_a_case_at_once_both_list_it(
    staff_a: User, staff_a_client: Client
) -> None:
    case = CaseFactory(primary_staff=staff_a, categories=[category("hardship")])
    started = threading.Event()
    loan, housing = category("special-loan"), category("housing-benefit")

    def add_loan() -> None:
        with transaction.atomic():
            Case.objects.get(pk=case.pk).categories.add(loan)
            started.set()
            time.sleep(PAUSE)

    def add_housing() -> None:
        Case.objects.get(pk=case.pk).categories.add(housing)

    at_once(add_loan, add_housing, started)

    assert set(Category.objects.filter(cases=case)) == {category("hardship"), loan, housing}
    assert listed_in(staff_a_client, loan) == {case.number}
    assert listed_in(staff_a_client, housing) == {case.number}
    assert listed_in(staff_a_client, category("hardship")) == {case.number}
