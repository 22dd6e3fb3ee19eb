"""The audit export: the access log or the change history of a period as CSV, for supervisors
and 管理者 (permissions.can_export_audit; the admin's page, consultations/admin.py).

It says who did what, when, to which case (by its internal id) and from where, with each row's
chain hash (consultations/audit_chain.py), so that an auditor can keep the head and check later
that nothing was cut off (`verify_audit_chain --head`). It holds no value of case data: no
search terms or reasons (the access log's detail), no old or new values (the change history's,
only their keyed digest), no case numbers or names of persons. Every cell goes through
core.spreadsheets.safe_cell. Rows are read in chain order, in batches, without decrypting.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import AccessLog, ChangeRecord
from core.spreadsheets import safe_cell

ACCESS_LOG = "accesslog"
CHANGE_HISTORY = "changerecord"
BATCH = 2000


def _period(queryset: QuerySet, start: dt.date, end: dt.date) -> QuerySet:
    # Dates are Tokyo dates (USE_TZ with TIME_ZONE = Asia/Tokyo).
    return queryset.filter(at__date__gte=start, at__date__lte=end).order_by("pk")


def _moment(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def rows(kind: str, *, start: dt.date, end: dt.date) -> Iterator[list[object]]:
    """The header, then one row per record of the period, oldest first."""
    if kind == ACCESS_LOG:
        yield [
            _("ID"),
            _("日時"),
            _("職員ID"),
            _("職員"),
            _("操作"),
            _("ケースID"),
            _("本人ID"),
            _("接続元"),
            _("連鎖ハッシュ"),
        ]
        actions = dict(AccessLog.Action.choices)
        columns = ("pk", "at", "user_id", "user__name", "action")
        rest = ("case_id", "person_id", "ip", "chain_hash")
        access = _period(AccessLog.objects.all(), start, end).values_list(*columns, *rest)
        for pk, at, user_id, name, action, case_id, person_id, ip, chain_hash in access.iterator(
            chunk_size=BATCH
        ):
            yield [
                pk,
                _moment(at),
                user_id,
                name,
                actions.get(action, action),
                case_id,
                person_id,
                ip,
                chain_hash,
            ]
    elif kind == CHANGE_HISTORY:
        yield [
            _("ID"),
            _("日時"),
            _("職員ID"),
            _("職員"),
            _("ケースID"),
            _("対象"),
            _("対象のID"),
            _("項目"),
            _("変更前後のハッシュ"),
            _("連鎖ハッシュ"),
        ]
        changes = _period(ChangeRecord.objects.all(), start, end).values_list(
            "pk",
            "at",
            "user_id",
            "user__name",
            "case_id",
            "model",
            "object_id",
            "field",
            "values_digest",
            "chain_hash",
        )
        for pk, at, *middle in changes.iterator(chunk_size=BATCH):
            yield [pk, _moment(at), *middle]
    else:
        raise ValueError(f"unknown audit export: {kind}")


def csv_chunks(kind: str, *, start: dt.date, end: dt.date) -> Iterator[str]:
    """The CSV (a BOM first, so that Excel reads UTF-8), a chunk per batch of rows, every cell
    through safe_cell."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, row in enumerate(rows(kind, start=start, end=end), start=1):
        writer.writerow([safe_cell("" if cell is None else cell) for cell in row])
        if number % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
