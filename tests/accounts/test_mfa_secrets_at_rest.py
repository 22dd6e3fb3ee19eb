"""Two-factor secrets (the TOTP secret, the recovery codes' seed) are ciphertext in the
database (accounts.adapters.MFAAdapter) and still work."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client

from core import crypto
from tests.accounts.mfa import current_code, log_in_with_password, raw_authenticators, verified
from tests.conftest import PASSWORD
from tests.consultations.conftest import TOTP_SECRET, enrol_totp

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_a_totp_enrolled_through_the_pages_is_stored_as_ciphertext(
    client: Client, resident
) -> None:
    log_in_with_password(client, verified(resident))
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get(ACTIVATE).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(ACTIVATE, {"code": current_code(secret)})

    assert response.status_code == 302
    totp = Authenticator.objects.get(user=resident, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=resident, type=Authenticator.Type.RECOVERY_CODES)
    seed = crypto.decrypt(codes.data["seed"])
    stored = raw_authenticators()
    assert secret not in stored
    assert seed not in stored
    assert totp.data["secret"].startswith(crypto.PREFIX)
    assert crypto.decrypt(totp.data["secret"]) == secret
    # The recovery codes the page shows come from the decrypted seed.
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    for code in RecoveryCodes(codes).generate_codes():
        assert code in page


@pytest.mark.django_db
def test_a_wrong_code_enrols_nothing(client: Client, resident) -> None:
    log_in_with_password(client, verified(resident))
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(ACTIVATE, {"code": wrong})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_totp_activate_itself_stores_ciphertext(resident) -> None:
    enrol_totp(resident)

    assert TOTP_SECRET not in raw_authenticators()
    assert crypto.PREFIX in raw_authenticators()
