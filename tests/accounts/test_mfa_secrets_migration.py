"""Migration accounts.0002 encrypts the two-factor secrets allauth stored in plain text, and
going back decrypts them again.

Transactional tests: SQLite's schema editor refuses to run inside the test's transaction.
No serialized_rollback: restoring rows after another transactional test's flush clashes with
the groups post_migrate recreated (auth_group.name is unique).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from core import crypto
from tests.accounts.mfa import current_code, raw_authenticators

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_encrypt_mfa_secrets")]
SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
SEED = "d1a7e5" * 10
MIGRATED = ["12345678", "87654321"]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def plaintext_secrets():
    """Authenticators as allauth wrote them without an encrypting adapter."""
    migrate(BEFORE)
    user = User.objects.create_user("old-totp@example.jp", "x", name="古い 登録")
    # Written through the queryset: no adapter involved, so the values stay as given.
    Authenticator.objects.bulk_create(
        [
            Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": SECRET}),
            Authenticator(
                user=user,
                type=Authenticator.Type.RECOVERY_CODES,
                data={"seed": SEED, "used_mask": 0, "migrated_codes": MIGRATED},
            ),
        ]
    )
    assert SECRET in raw_authenticators()
    yield user
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_secrets_are_encrypted_and_still_work(plaintext_secrets) -> None:
    migrate(AFTER)

    stored = raw_authenticators()
    for value in (SECRET, SEED, *MIGRATED):
        assert value not in stored
    totp = Authenticator.objects.get(type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    assert totp.data["secret"].startswith(crypto.PREFIX)
    assert codes.data["used_mask"] == 0
    assert totp.wrap().validate_code(current_code(SECRET))
    assert RecoveryCodes(codes).get_unused_codes() == MIGRATED
    assert crypto.decrypt(codes.data["seed"]) == SEED


@pytest.mark.django_db(transaction=True)
def test_going_back_decrypts_them_and_forward_encrypts_them_again(plaintext_secrets) -> None:
    migrate(AFTER)
    encrypted = raw_authenticators()

    migrate(BEFORE)
    assert Authenticator.objects.get(type=Authenticator.Type.TOTP).data == {"secret": SECRET}
    assert Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES).data == {
        "seed": SEED,
        "used_mask": 0,
        "migrated_codes": MIGRATED,
    }
    migrate(AFTER)
    assert SECRET not in raw_authenticators()
    assert raw_authenticators() != encrypted  # encrypted afresh, not left as plaintext
