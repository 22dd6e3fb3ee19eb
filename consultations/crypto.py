"""Encryption at rest for the free text of consultation records.

Values are encrypted in the application with Fernet (AES-128-CBC + HMAC-SHA256) under
CASE_DATA_KEYS, a list of keys from the environment that is not SECRET_KEY: the first key
encrypts, every key decrypts (MultiFernet), so keys can be rotated without downtime
(`manage.py rotate_case_data_keys`, README "Case data keys"). A database dump, a backup or a
stray SQL console shows only ciphertext.

Search never needs the plaintext: kana and birth dates stay plain columns, and phone numbers
are found through a keyed hash (`blind_index`), not through the encrypted value.
"""

import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every stored ciphertext starts with this marker; anything else in an encrypted column is a
# bug (or a value written around the field) and is refused rather than shown.
PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("CASE_DATA_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "CASE_DATA_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)."
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.CASE_DATA_KEYS))


def encrypt(text: str) -> str:
    """Ciphertext for `text`; the empty string stays empty (nothing to hide, cheap to test)."""
    if text == "":
        return ""
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if stored == "":
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("An encrypted column holds a value that is not Fernet ciphertext.")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        # Never include the value: it may be plaintext written by mistake.
        raise ImproperlyConfigured(
            "A case record cannot be decrypted with CASE_DATA_KEYS (was a key dropped too soon?)."
        ) from None


def rotate(stored: str) -> str:
    """The same value encrypted with the first key (MultiFernet.rotate keeps the timestamp)."""
    if stored == "":
        return ""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact-match search on a value that is stored encrypted.

    Keyed by the first CASE_DATA_KEY (so rotation recomputes it) and by purpose (so the same
    number in two roles does not hash alike). Empty values index as empty.
    """
    if not value:
        return ""
    key = hashlib.sha256(
        f"consultations.blind-index.{purpose}:{settings.CASE_DATA_KEYS[0]}".encode()
    )
    return hmac.new(key.digest(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored as Fernet ciphertext and decrypted when read.

    It cannot be filtered on (the same text encrypts differently every time): only
    `isnull` and comparison with "" are allowed, and anything else raises at query time.
    """

    description = _("暗号化された文字列")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            raise ValueError(f"Encrypted fields cannot be searched ({lookup_name}).")
        return super().get_lookup(lookup_name)
