"""Accountability for case data: the change history (the access log is services.access_log).

Services call these inside their transaction, so a change and its record are committed
together or not at all. Nothing here logs to the application log: the values are personal.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models

from accounts.models import User
from consultations.models import Case, ChangeRecord


def as_text(value: Any) -> str:
    """How a value is kept in the change history: primary keys for relations, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(as_text(item) for item in value))
    return str(value)


def field_value(obj: models.Model, field: str) -> str:
    model_field = obj._meta.get_field(field)
    if (
        isinstance(model_field, models.Field)
        and model_field.is_relation
        and not model_field.many_to_many
    ):
        return as_text(getattr(obj, model_field.attname))
    return as_text(getattr(obj, field))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str]:
    return {field: field_value(obj, field) for field in fields}


def record_changes(
    user: User | None,
    obj: models.Model,
    before: dict[str, str],
    after: dict[str, str],
    *,
    case: Case | None,
) -> list[ChangeRecord]:
    """One ChangeRecord per field whose value differs (old and new, encrypted at rest)."""
    records = [
        ChangeRecord(
            user=user,
            case=case,
            model=obj._meta.label_lower,
            object_id=str(obj.pk),
            field=field,
            old=before.get(field, ""),
            new=after[field],
        )
        for field in after
        if before.get(field, "") != after[field]
    ]
    return ChangeRecord.objects.bulk_create(records)


def record_creation(
    user: User | None, obj: models.Model, fields: Iterable[str], *, case: Case | None
) -> list[ChangeRecord]:
    """A new object's values, as changes from nothing (so the history starts complete)."""
    return record_changes(user, obj, {}, snapshot(obj, fields), case=case)
