"""The consultation record (相談ケース) and its protection.

Personal data lives in these models: 要配慮個人情報 under the APPI. Three rules hold throughout:
- Who sees a case is decided once, by CaseQuerySet.visible_to (consultations.permissions
  answers the other questions). Views and exports never filter by hand.
- Free text and contact details are EncryptedTextField (core/fields.py, core/crypto.py).
- Case data is never deleted and never bulk-changed: querysets refuse update()/delete(), the
  audit tables (AccessLog, ChangeRecord, Entry) refuse even a save() of an existing row.
  Workflows in consultations/services.py write every change with its ChangeRecord; retention
  (`apply_retention`) anonymises instead of deleting.
"""

from typing import Any

from django.db import models
from django.utils.encoding import force_str


class AppendOnlyError(RuntimeError):
    """A write that would change or remove recorded case history."""


class ProtectedQuerySet(models.QuerySet):
    """No bulk changes and no deletes: each change goes through a service with its history."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(
            f"{self.model._meta.label}: bulk updates are not allowed (no change history)."
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model._meta.label}: case data is never deleted.")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError(
            f"{self.model._meta.label}: bulk updates are not allowed (no change history)."
        )

    def _sanctioned_update(self, **fields: Any) -> int:
        """The only bulk write: retention's anonymisation, key rotation, marking an entry
        version superseded, and the copies a case keeps of its person's reading and of its
        categories (Case.person_kana_key, Case.category_keys). Callers record what they did
        (DisposalLog, ChangeRecord), or copy what is recorded elsewhere."""
        return super().update(**fields)


class ProtectedModel(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Any) -> Any:
        """`get_<field>_display()`, the same label, found by comparing the value with each
        choice. Django's builds a dict of all the choices for each call, and hashing a lazy
        label translates it: the workspace's pages drew some twenty labels each, and
        translated every choice of their fields to do so (some 150 translations a page)."""
        value = getattr(self, field.attname)
        for choice, label in field.flatchoices:
            if choice == value:
                return force_str(label, strings_only=True)
        return force_str(value, strings_only=True)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self._meta.label}: case data is never deleted.")


class AppendOnlyModel(ProtectedModel):
    """A row is written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label}: recorded rows are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class AppendOnlyQuerySet(ProtectedQuerySet):
    pass
