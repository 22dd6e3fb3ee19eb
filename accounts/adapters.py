"""allauth hooks of the portal."""

import logging

from allauth.mfa.adapter import DefaultMFAAdapter

from core import crypto

logger = logging.getLogger(__name__)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets are stored encrypted, with the case-data keys (core.crypto).

    allauth passes every secret it keeps in `Authenticator.data` through these two hooks: a
    TOTP authenticator's secret, the recovery codes' seed (and codes migrated from elsewhere).
    Rotation: `manage.py rotate_case_data_keys` re-encrypts them with the other case data.
    """

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        if crypto.is_ciphertext(encrypted_text):
            # A value that does not decrypt with CASE_DATA_KEYS raises (ImproperlyConfigured):
            # a missing key must be loud, never a silent "wrong code".
            return crypto.decrypt(encrypted_text)
        # Plaintext written before accounts.0002 encrypted the stored secrets (a deploy that
        # has not migrated yet): still usable, so nobody is locked out; never logged itself.
        logger.warning("A two-factor secret is stored unencrypted; run `manage.py migrate`.")
        return encrypted_text
