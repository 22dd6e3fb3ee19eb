"""Model fields shared by several apps."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as Fernet ciphertext (core.crypto) and decrypted when read.

    It cannot be filtered on (the same text encrypts differently every time): only
    `isnull` and comparison with "" are allowed, and anything else raises at query time.
    Exact search goes through a separate keyed-hash column (core.crypto.blind_index).
    """

    description = _("暗号化された文字列")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            raise ValueError(f"Encrypted fields cannot be searched ({lookup_name}).")
        return super().get_lookup(lookup_name)
