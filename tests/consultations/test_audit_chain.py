"""The audit chain: the access log and the change history verify as written, and a row altered,
deleted, moved or cut off the end through SQL (around the application) is found by
`verify_audit_chain`, which names the first broken row and fails."""

import io
from importlib import import_module

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from consultations import audit_chain, crypto, services
from consultations.models import AccessLog, ChangeRecord
from tests.consultations.factories import CaseFactory

pytestmark = pytest.mark.django_db


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


@pytest.fixture
def logged(staff_a) -> list[AccessLog]:
    case = CaseFactory(primary_staff=staff_a)
    # One change (a change record and its access-log row), then four access-log rows.
    services.person_update(person=case.person, user=staff_a, notes="追記した")
    return [
        services.access_log(user=staff_a, action="view", case=case),
        services.access_log(user=staff_a, action="search", detail="検索語 ねりま"),
        services.access_log(user=staff_a, action="view", case=case),
        services.access_log(user=staff_a, action="export", detail="reports.csv"),
    ]


def test_what_the_application_writes_verifies(logged) -> None:
    out = verify()
    assert "OK accesslog: 5 rows" in out
    assert "OK changerecord: 1 rows" in out
    assert all(len(row.chain_hash) == 64 for row in AccessLog.objects.all())
    # Each row follows the one before it.
    first, second = AccessLog.objects.order_by("pk")[1:3]
    assert second.chain_hash == audit_chain.link(first.chain_hash, audit_chain.content(second))


def test_an_altered_row_is_found(logged) -> None:
    sql("UPDATE consultations_accesslog SET action = 'view' WHERE id = %s", [logged[3].pk])
    out = verify_fails()
    assert f"BROKEN consultations_accesslog #{logged[3].pk} (after #{logged[2].pk})" in out
    assert "altered" in out


def test_an_altered_encrypted_detail_is_found(logged) -> None:
    sql(
        "UPDATE consultations_accesslog SET detail = %s WHERE id = %s",
        [crypto.encrypt("別の検索語"), logged[1].pk],
    )
    assert f"#{logged[1].pk} (after #{logged[0].pk})" in verify_fails()


def test_a_deleted_row_is_found_at_the_row_after_it(logged) -> None:
    sql("DELETE FROM consultations_accesslog WHERE id = %s", [logged[1].pk])
    assert f"#{logged[2].pk} (after #{logged[0].pk})" in verify_fails()


def test_reordered_rows_are_found(logged) -> None:
    # Swap the places of the second and third rows (their ids).
    a, b = logged[1].pk, logged[2].pk
    sql("UPDATE consultations_accesslog SET id = -1 WHERE id = %s", [a])
    sql("UPDATE consultations_accesslog SET id = %s WHERE id = %s", [a, b])
    sql("UPDATE consultations_accesslog SET id = %s WHERE id = -1", [b])
    assert f"#{a} (after #{logged[0].pk})" in verify_fails()


def test_a_changed_value_in_the_history_is_found(logged) -> None:
    record = ChangeRecord.objects.get()
    sql(
        "UPDATE consultations_changerecord SET new = %s WHERE id = %s",
        [crypto.encrypt("書き換えた"), record.pk],
    )
    out = verify_fails()
    assert f"consultations_changerecord #{record.pk}" in out
    assert "old or new value was altered" in out


def test_rows_cut_off_the_end_are_found_with_an_earlier_head(logged) -> None:
    head = f"accesslog:{logged[3].pk}:{AccessLog.objects.get(pk=logged[3].pk).chain_hash}"
    assert "OK accesslog" in verify("--head", head)
    sql("DELETE FROM consultations_accesslog WHERE id = %s", [logged[3].pk])
    assert "OK accesslog: 4 rows" in verify()  # the chain alone cannot tell
    assert "rows at the end were deleted" in verify_fails("--head", head)


def test_a_row_linked_without_the_key_is_found(logged) -> None:
    with override_settings(AUDIT_CHAIN_KEY="a key the application does not hold"):
        services.access_log(user=None, action="view")
    assert "BROKEN consultations_accesslog" in verify_fails()


def test_the_migration_seals_rows_written_before_the_chain(logged) -> None:
    migration = import_module("consultations.migrations.0012_audit_chain")
    sql("UPDATE consultations_accesslog SET chain_hash = ''")
    sql("UPDATE consultations_changerecord SET chain_hash = '', values_digest = ''")
    verify_fails()
    state = MigrationLoader(connection).project_state(("consultations", "0012_audit_chain"))
    migration.seal_existing_rows(state.apps, None)
    assert "OK accesslog: 5 rows" in verify()
    # New rows follow the sealed ones.
    services.access_log(user=None, action="view")
    assert "OK accesslog: 6 rows" in verify()


def test_rotating_the_case_data_keys_keeps_the_chain(logged) -> None:
    hashes = AccessLog.objects.order_by("pk").values_list("chain_hash", flat=True)
    before = list(hashes)
    new_key = Fernet.generate_key().decode()
    with override_settings(CASE_DATA_KEYS=[new_key, *settings.CASE_DATA_KEYS]):
        call_command("rotate_case_data_keys", verbosity=0)
    with override_settings(CASE_DATA_KEYS=[new_key]):
        assert "OK accesslog: 5 rows" in verify()
        assert "OK changerecord: 1 rows" in verify()
    assert list(hashes.all()) == before  # nothing re-sealed: the content is the plaintext
