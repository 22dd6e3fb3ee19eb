"""Migration consultations.0010 encrypts the inquiries stored before their fields were
encrypted, and going back decrypts them again.

Transactional tests: SQLite's schema editor refuses to run inside the test's transaction.
No serialized_rollback: restoring rows after another transactional test's flush clashes with
the groups post_migrate recreated (auth_group.name is unique).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from consultations.models import Inquiry
from core import crypto

BEFORE = [("consultations", "0008_list_count_indexes")]
AFTER = [("consultations", "0010_encrypt_inquiries")]

OLD_ROWS = [
    ("AAAA-2222", "大泉 学", "03-1111-2222", "manabu@example.jp", "父の介護のことで相談です。"),
    ("BBBB-3333", "", "", "", "匿名です。話を聞いてほしい。"),
]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def insert_plaintext_rows() -> None:
    with connection.cursor() as cursor:
        for reference, name, phone, email, message in OLD_ROWS:
            cursor.execute(
                "INSERT INTO consultations_inquiry (reference, name, contact_method, phone, "
                "email, topic, message, consented_at, sender_key, status, received_at) "
                "VALUES (%s, %s, 'phone', %s, %s, 'care', %s, %s, %s, 'new', %s)",
                [reference, name, phone, email, message, timezone.now(), "k" * 64, timezone.now()],
            )


def raw() -> dict[str, tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference, name, phone, email, message FROM consultations_inquiry")
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


@pytest.fixture
def before_encryption():
    migrate(BEFORE)
    yield
    migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_existing_inquiries_are_encrypted_and_read_back(before_encryption) -> None:
    insert_plaintext_rows()
    assert raw()["AAAA-2222"][0] == "大泉 学"

    migrate(AFTER)

    stored = raw()
    for _reference, *values in OLD_ROWS:
        for value in filter(None, values):
            assert value not in repr(stored)
    assert all(v.startswith(crypto.PREFIX) for v in stored["AAAA-2222"])
    assert stored["BBBB-3333"][:3] == ("", "", "")
    assert stored["BBBB-3333"][3].startswith(crypto.PREFIX)
    # Only the columns that exist at 0010 (fields added later are not in the table yet).
    at_0010 = Inquiry.objects.only("reference", "name", "phone", "email", "message")
    inquiry = at_0010.get(reference="AAAA-2222")
    assert (inquiry.name, inquiry.phone, inquiry.email, inquiry.message) == OLD_ROWS[0][1:]
    assert at_0010.get(reference="BBBB-3333").is_anonymous


@pytest.mark.django_db(transaction=True)
def test_going_back_decrypts_them_again(before_encryption) -> None:
    insert_plaintext_rows()
    migrate(AFTER)

    migrate(BEFORE)

    assert raw()["AAAA-2222"] == OLD_ROWS[0][1:]
    assert raw()["BBBB-3333"] == OLD_ROWS[1][1:]
