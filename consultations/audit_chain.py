"""The audit chain: a deleted, altered or moved row of the access log or the change history is
found by `manage.py verify_audit_chain`.

Each table is one chain, in primary-key order. A row's `chain_hash` is

    HMAC-SHA256(AUDIT_CHAIN_KEY, previous row's chain_hash + "\\n" + the row's content)

computed when the row is inserted (the first row follows ""). The content is the row's fields
as canonical JSON (`access_log_content`, `change_record_content`), the encrypted ones as their
plaintext, so rotating CASE_DATA_KEYS changes nothing. Without the key, which lives in the
environment like the case-data keys and never in the database or its backups, nobody who can
write to the database can forge a row or re-link the chain around a removed one.

The change history's old and new values enter through `values_digest` (a keyed hash of both,
stored in the row): retention blanks the values of anonymised cases (consultations/retention.py)
and the chain still verifies, while a value blanked or changed anywhere else does not.

Writers are serialised per chain head: on PostgreSQL one statement (the function
`consultations_audit_chain_head`, made by migration 0012) takes a transaction-scoped advisory
lock and reads the last row's hash, so each write costs one extra short query and the lock is
held until the writing transaction ends; SQLite allows one writer at a time anyway.
Because the lock is held until commit, a transaction takes its other locks (select_for_update,
the case-number counter) before its first audit row, never after: otherwise two transactions
could each wait for the other (services.case_create numbers the case first for this reason).

What the chain cannot show alone: rows cut off the end. `verify_audit_chain` prints each
chain's head (last id and hash); an earlier head kept outside the database (the audit export,
a backup log) is checked with `--head`.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, models

# pg_advisory_xact_lock's key for the audit chains (any constant the project uses nowhere else).
LOCK_KEY = 1_500_015
HEAD_FUNCTION = "consultations_audit_chain_head"

# Made by migration 0012 on PostgreSQL: waits for the chains' lock, then reads the last hash
# of the named table with a fresh snapshot (a VOLATILE function takes one per statement), so a
# row committed while it waited is seen.
HEAD_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {HEAD_FUNCTION}(chain_table text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE head text;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    EXECUTE 'SELECT chain_hash FROM ' || quote_ident(chain_table)
        || ' ORDER BY id DESC LIMIT 1' INTO head;
    RETURN coalesce(head, '');
END
$$;
"""  # noqa: S608 (constants only)


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def link(previous: str, content: str) -> str:
    return hmac.new(_key(), f"{previous}\n{content}".encode(), hashlib.sha256).hexdigest()


def values_digest(old: str, new: str) -> str:
    """A keyed hash of a change's old and new values (never the values themselves)."""
    payload = json.dumps(["values", old or "", new or ""], ensure_ascii=False)
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _moment(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _address(value: str | None) -> str:
    """The address as the database gives it back (PostgreSQL's inet normalises IPv6)."""
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value)


def _canonical(values: list[Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def access_log_content(row: Any) -> str:
    """What an AccessLog row's hash covers (everything but its id and its hash)."""
    return _canonical(
        [
            "accesslog",
            _moment(row.at),
            row.user_id,
            row.action,
            row.case_id,
            row.person_id,
            row.detail or "",
            _address(row.ip),
        ]
    )


def change_record_content(row: Any) -> str:
    """What a ChangeRecord row's hash covers (its values through values_digest)."""
    return _canonical(
        [
            "changerecord",
            _moment(row.at),
            row.user_id,
            row.case_id,
            row.model,
            row.object_id,
            row.field,
            row.values_digest,
        ]
    )


def content(row: Any) -> str:
    if row._meta.model_name == "accesslog":
        return access_log_content(row)
    return change_record_content(row)


def chain_head(model: type[models.Model], *, using: str) -> str:
    """The last row's hash, with the chain locked until this transaction ends (PostgreSQL)."""
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {HEAD_FUNCTION}(%s)", [table])
        else:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT chain_hash FROM {quoted} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return (row[0] or "") if row else ""


def seal(model: type[models.Model], objs: Iterable[Any], *, using: str) -> None:
    """Give new rows their hashes, in the order they will be inserted (call inside the
    transaction that inserts them)."""
    previous = chain_head(model, using=using)
    for obj in objs:
        if model._meta.model_name == "changerecord":
            obj.values_digest = values_digest(str(obj.old or ""), str(obj.new or ""))
        obj.chain_hash = link(previous, content(obj))
        previous = obj.chain_hash


# --- Verification -----------------------------------------------------------------------------


@dataclass
class Break:
    table: str
    pk: int
    after: int | None  # the last row that verified
    reason: str

    def __str__(self) -> str:
        after = f"#{self.after}" if self.after is not None else "the start"
        return f"{self.table} #{self.pk} (after {after}): {self.reason}"


@dataclass
class Result:
    table: str
    rows: int
    head_pk: int | None
    head_hash: str
    broken: Break | None


def _rows(model: type[models.Model], batch: int) -> Iterator[Any]:
    return model._default_manager.order_by("pk").iterator(chunk_size=batch)


def verify(
    model: type[models.Model],
    *,
    anonymised: tuple[set[int], set[str]] | None = None,
    batch: int = 2000,
    head: tuple[int, str] | None = None,
) -> Result:
    """Walk one chain from its first row; stop at the first row that does not verify.

    `anonymised` names the cases (ids) and persons (ids as text) whose change-history values
    retention has blanked. `head` (an id and hash printed by an earlier run) must still be in
    the chain, so that rows cut off the end are found too.
    """
    table = model._meta.db_table
    is_change = model._meta.model_name == "changerecord"
    anonymised_cases, anonymised_persons = anonymised or (set(), set())
    previous, last_pk, count = "", None, 0

    def broken(pk: int, reason: str) -> Result:
        return Result(table, count, last_pk, previous, Break(table, pk, last_pk, reason))

    for row in _rows(model, batch):
        problem = _values_problem(row, anonymised_cases, anonymised_persons) if is_change else ""
        if problem:
            return broken(row.pk, problem)
        if row.chain_hash != link(previous, content(row)):
            return broken(
                row.pk,
                "its hash does not match its content and the row before it: this row was "
                "altered, or a row before it was deleted or moved",
            )
        if head is not None and row.pk == head[0]:
            if row.chain_hash != head[1]:
                return broken(row.pk, "the recorded head has another hash: the chain was rewritten")
            head = None  # found
        previous, last_pk, count = row.chain_hash, row.pk, count + 1
    if head is not None:
        return broken(head[0], "the recorded head is gone: rows at the end were deleted")
    return Result(table, count, last_pk, previous, None)


def _values_problem(row: Any, anonymised_cases: set[int], anonymised_persons: set[str]) -> str:
    if row.values_digest == values_digest(row.old or "", row.new or ""):
        return ""
    blanked = not row.old and not row.new
    by_retention = row.case_id in anonymised_cases or (
        row.model == "consultations.person" and row.object_id in anonymised_persons
    )
    if blanked and by_retention:
        return ""  # retention removed the values of an anonymised case or person
    return "its old or new value was altered"
