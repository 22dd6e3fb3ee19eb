"""Reasons a record may not be deleted yet, given by apps above the one that owns it.

An app low in the layers shows the delete page for its records (networks: activities); an app
above it may know why one must not go yet (participation: residents hold places on its coming
dates, and deleting would drop them without a word). The higher app registers a function here
in its AppConfig.ready(); the admin (core.admin.ObjectionsAdminMixin) shows the reasons as
Django shows protected related objects, and refuses the deletion, one record or a selection.

The same for moving a dated session of an activity to another day (register_date_move):
participation refuses a move that would take the new day past its capacity; networks' admin
shows the reasons next to the session's new date.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

_OBJECTORS: dict[type[models.Model], list[Callable[[Any], list[str]]]] = defaultdict(list)


M = TypeVar("M", bound=models.Model)


def register(model: type[M], objector: Callable[[M], list[str]]) -> None:
    """`objector(obj)` returns why `obj` may not be deleted now (an empty list: it may)."""
    if objector not in _OBJECTORS[model]:
        _OBJECTORS[model].append(objector)


def objections(obj: models.Model) -> list[str]:
    return [reason for objector in _OBJECTORS.get(type(obj), ()) for reason in objector(obj)]


DateMoveObjector = Callable[[Any, dt.date, dt.date, dict[dt.date, dt.date]], list[str]]
_DATE_MOVE_OBJECTORS: list[DateMoveObjector] = []


def register_date_move(objector: DateMoveObjector) -> None:
    """`objector(activity, date, to, moves)` returns why `date` may not move to `to` now,
    `moves` being every date moved in the same save ({old day: new day}, this one included:
    two sessions may swap days, or each take the next one's day)."""
    if objector not in _DATE_MOVE_OBJECTORS:
        _DATE_MOVE_OBJECTORS.append(objector)


def date_move_objections(
    activity: models.Model,
    date: dt.date,
    to: dt.date,
    *,
    moves: dict[dt.date, dt.date] | None = None,
) -> list[str]:
    moves = moves if moves is not None else {date: to}
    return [
        reason
        for objector in _DATE_MOVE_OBJECTORS
        for reason in objector(activity, date, to, moves)
    ]


class ObjectionsAdminMixin(admin.ModelAdmin):
    """The delete page and the 「削除」 action list the objections with the protected objects:
    Django then refuses to delete (the page says why and deletes nothing)."""

    def get_deleted_objects(
        self, objs: Sequence[Any] | QuerySet[Any], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return (
            deleted,
            counts,
            perms_needed,
            [*protected, *(reason for obj in objs for reason in objections(obj))],
        )
