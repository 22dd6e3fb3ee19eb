"""Querysets of a fixed shape, compiled to SQL once per process.

The case page reads a handful of the case's records (entries, flags, referrals, tasks…) by
querysets whose SQL is the same on every request but for the case's key. Django compiles
each one again for every request (~0.2–0.5 ms of CPU apiece on the case page, more than
PostgreSQL takes to run most of them). `read(queryset, key, params)` reads the queryset's rows
as Django would — the same model instances, related rows, decrypted fields — with the SQL it
compiled to the first time this process read a queryset under `key`, and `params` for that
time's parameters.

The caller's key names everything the SQL is made of but the parameters; the parameters are
given in the order of the SQL's placeholders, which is checked the first time (a queryset
whose parameters are not the ones given is refused). A queryset with nothing of the request
in it (a form's list of choices) is read with `params=None`: the first compile's parameters
are used each time. So is a queryset whose key holds every value it was built from (the
dashboard's panels: the user's scope under the visibility rule, the day); such keys are
many, so the memo keeps the most recently used MEMO_SIZE of them. A queryset that
matches nothing whatever its parameters (the ORM's EmptyResultSet) is not kept: it is read as
Django reads it. Only what the ORM compiled is run: nothing is written by hand.
"""

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class _Compiled:
    """What SQLCompiler.as_sql() leaves on the compiler that reading the rows uses."""

    sql: str
    params: tuple[Any, ...]
    select: Any
    klass_info: Any
    annotation_col_map: Any
    col_count: int
    has_extra_select: bool


# The compiled querysets, by (key, database vendor), least recently used first.
_COMPILED: "OrderedDict[tuple[Hashable, str], _Compiled]" = OrderedDict()
MEMO_SIZE = 2_000


def read(queryset: QuerySet[_M], key: Hashable, params: Sequence[object] | None) -> list[_M]:
    """The queryset's rows, read with the SQL compiled under `key` (see the module)."""
    query = queryset.query
    compile_query = query.get_compiler

    def get_compiler(*args: Any, **kwargs: Any) -> SQLCompiler:
        compiler = compile_query(*args, **kwargs)
        memo_key = (key, compiler.connection.vendor)
        compiled = _COMPILED.get(memo_key)
        if compiled is not None:
            with suppress(KeyError):  # another thread may have just let it go
                _COMPILED.move_to_end(memo_key)
        else:
            try:
                sql, first = compiler.as_sql()
            except EmptyResultSet:
                return compiler  # Django reads it as no rows, as it always does
            if params is not None and list(first) != list(params):
                raise ValueError(f"{key}: the SQL's parameters are {first!r}, not {params!r}")
            if len(_COMPILED) >= MEMO_SIZE:
                with suppress(KeyError):
                    _COMPILED.popitem(last=False)
            compiled = _COMPILED[memo_key] = _Compiled(
                sql,
                tuple(first),
                compiler.select,
                compiler.klass_info,
                compiler.annotation_col_map,
                compiler.col_count,
                compiler.has_extra_select,
            )
        compiler.select = compiled.select
        compiler.klass_info = compiled.klass_info
        compiler.annotation_col_map = compiled.annotation_col_map
        compiler.col_count = compiled.col_count
        compiler.has_extra_select = compiled.has_extra_select
        given = compiled.params if params is None else tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, given)
        return compiler

    # Only this read: the queryset is evaluated here, and the query forgets the override.
    query.get_compiler = get_compiler  # type: ignore[method-assign]
    try:
        return list(queryset)
    finally:
        del query.get_compiler
