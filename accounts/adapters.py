"""allauth hooks of the portal."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site

from core import crypto, emails

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (address confirmation, password reset) go through the outbox like
    every other (core/emails.py): stored with the request's changes, retried, sent once."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        emails.send_message(kind=template_prefix.rpartition("/")[2], message=message)


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
