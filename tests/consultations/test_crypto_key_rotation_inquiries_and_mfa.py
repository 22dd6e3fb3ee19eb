"""rotate_case_data_keys re-encrypts inquiries and two-factor secrets too: after it, the old
key can go and both still read (and a login code still checks)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from consultations.models import Inquiry
from tests.accounts.mfa import current_code
from tests.consultations.conftest import PERSONAL, TOTP_SECRET, inquiry_data

OLD = "E3pQna5-yJ5ov6rHYCVaTR0_vxS0l5pDqPYvGkJKprs="


def raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db
def test_inquiries_and_totp_secrets_read_with_only_the_new_key(submit, staff_a, settings) -> None:
    assert settings.CASE_DATA_KEYS == [OLD]
    submit(inquiry_data())
    codes_before = RecoveryCodes.activate(staff_a).generate_codes()
    inquiries_before = raw("SELECT name, phone, email, message FROM consultations_inquiry")
    secrets_before = raw("SELECT data FROM mfa_authenticator ORDER BY id")
    new_key = Fernet.generate_key().decode()

    with override_settings(CASE_DATA_KEYS=[new_key, OLD]):
        call_command("rotate_case_data_keys", verbosity=0)

    after = raw("SELECT name, phone, email, message FROM consultations_inquiry")
    assert all(old != new for old, new in zip(inquiries_before[0], after[0], strict=True))
    assert raw("SELECT data FROM mfa_authenticator ORDER BY id") != secrets_before
    with override_settings(CASE_DATA_KEYS=[new_key]):
        inquiry = Inquiry.objects.get()
        assert (inquiry.name, inquiry.phone, inquiry.email, inquiry.message) == tuple(
            PERSONAL[key] for key in ("name", "phone", "email", "message")
        )
        totp = Authenticator.objects.get(user=staff_a, type=Authenticator.Type.TOTP)
        assert totp.wrap().validate_code(current_code(TOTP_SECRET))
        codes = Authenticator.objects.get(user=staff_a, type=Authenticator.Type.RECOVERY_CODES)
        assert RecoveryCodes(codes).generate_codes() == codes_before
    with override_settings(CASE_DATA_KEYS=[OLD]), pytest.raises(Exception, match="decrypted"):
        Inquiry.objects.get()


@pytest.mark.django_db
def test_rotation_encrypts_a_totp_secret_left_in_plain_text(staff_a) -> None:
    Authenticator.objects.filter(user=staff_a).update(data={"secret": TOTP_SECRET})

    call_command("rotate_case_data_keys", verbosity=0)

    assert TOTP_SECRET not in repr(raw("SELECT data FROM mfa_authenticator"))
    totp = Authenticator.objects.get(user=staff_a, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(current_code(TOTP_SECRET))
