"""Encryption at rest: what no database dump, backup or SQL console may show in clear.

Values are encrypted in the application with Fernet (AES-128-CBC + HMAC-SHA256) under
CASE_DATA_KEYS, a list of keys from the environment that is not SECRET_KEY: the first key
encrypts, every key decrypts (MultiFernet), so keys can be rotated without downtime
(`manage.py rotate_case_data_keys`, README "Case data keys"). Used for the free text and contact
details of consultation records and inquiries (core.fields.EncryptedTextField) and for the
two-factor secrets allauth stores (accounts.adapters.MFAAdapter).

Search never needs the plaintext: exact matches go through a keyed hash (`blind_index`), not
through the encrypted value.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


def is_ciphertext(stored: str) -> bool:
    """Whether a stored value was written by encrypt() (the empty string counts as written)."""
    return stored == "" or stored.startswith(PREFIX)


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
            "A stored value cannot be decrypted with CASE_DATA_KEYS (was a key dropped too soon?)."
        ) from None


def rotate(stored: str) -> str:
    """The same value encrypted with the first key (MultiFernet.rotate keeps the timestamp)."""
    if stored == "":
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("An encrypted column holds a value that is not Fernet ciphertext.")
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact-match search on a value that is stored encrypted.

    Keyed by the first CASE_DATA_KEY (so rotation recomputes it) and by purpose (so the same
    number in two roles does not hash alike). Empty values index as empty. (The key label
    still says "consultations": it is part of every stored index.)
    """
    if not value:
        return ""
    key = hashlib.sha256(
        f"consultations.blind-index.{purpose}:{settings.CASE_DATA_KEYS[0]}".encode()
    )
    return hmac.new(key.digest(), value.encode(), hashlib.sha256).hexdigest()


def token_digest(raw: str) -> str:
    """What is stored of a single-use link's random token (invitations): its SHA-256, so the
    table alone opens nothing."""
    return hashlib.sha256(raw.encode()).hexdigest()
