"""Spreadsheet imports in the background: the admin stores the uploaded file as an ImportJob
and a task checks it row by row (nothing is written), reporting progress on the job; once the
person confirms, a second task checks it again and writes it, all rows or none
(JapaneseResource). A file of 10,000 rows takes seconds, but a web request must never wait for
it: gunicorn stops a worker after 30 s. The job page (core.import_admin.ImportExportAdmin)
shows the progress, the problems in Japanese, and the confirm button.

The two tasks (core/tasks.py, run by `manage.py qcluster`) take a job's id, load it and hand it
to the workflow below, so the work itself is tested without a queue.
"""

import csv
import io
import logging
from typing import Any

import openpyxl
import tablib
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.results import Result

from core.models import ImportJob
from core.resources import JapaneseResource
from core.tasks import enqueue

logger = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "cp932")  # what Excel writes in Japan: UTF-8 (BOM or not), Shift_JIS
MAX_PROBLEMS = 200  # rows listed on the job page; the count says how many there are in all


class UnreadableFile(ValueError):
    """A file that is not a spreadsheet we can read; the message says why, in Japanese."""


def decode_csv(data: bytes) -> str:
    """A CSV file's text: UTF-8 or Shift_JIS, and no NUL characters (which no CSV of names
    contains, and which a UTF-16 file or a binary file saved as .csv does)."""
    if b"\x00" in data:
        raise UnreadableFile(
            _(
                "ファイルを読み込めませんでした。ファイルにNUL文字（文字コード0の文字）が"
                "含まれています。ExcelでCSV（UTF-8）かCSV（Shift_JIS）として保存し直してください。"
            )
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        _(
            "ファイルを読み込めませんでした。文字コードがUTF-8でもShift_JISでもありません。"
            "ExcelでCSV（UTF-8）として保存し直してください。"
        )
    )


def _unreadable() -> UnreadableFile:
    return UnreadableFile(
        _(
            "ファイルを読み込めませんでした。形式（CSVかExcel）の選択と、CSVの文字コード"
            "（UTF-8かShift_JIS）を確かめてください。"
        )
    )


def read_headers(input_format: Any, data: bytes) -> list[Any]:
    """The first row only, quickly, so the upload request can refuse a wrong file at once."""
    try:
        if input_format.get_extension() == "csv":
            return next(csv.reader(io.StringIO(decode_csv(data))), [])
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if book.active is None:
            return []
        rows = book.active.iter_rows(max_row=1, values_only=True)
        return list(next(rows, ()))
    except UnreadableFile:
        raise
    except Exception as error:
        raise _unreadable() from error


def read_dataset(input_format: Any, data: bytes) -> tablib.Dataset:
    try:
        return input_format.create_dataset(data)
    except UnreadableFile:
        raise
    except Exception as error:
        raise _unreadable() from error


# --- The workflow ---------------------------------------------------------------------------


def import_job_create(
    *,
    model_label: str,
    resource_class: type[JapaneseResource],
    input_format: Any,
    file_name: str,
    content: bytes,
    user_id: int | None,
) -> ImportJob:
    """Store the file and queue its check."""

    job = ImportJob.objects.create(
        model=model_label,
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        file_format=f"{type(input_format).__module__}.{type(input_format).__qualname__}",
        file_name=file_name[:255],
        content=content,
        created_by_id=user_id,
    )
    enqueue("core.imports.check_import_job", job.pk)
    return job


def import_job_confirm(*, job: ImportJob) -> bool:
    """Queue the import of a checked file; False if it is not (or no longer) waiting."""

    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
            status=ImportJob.Status.IMPORTING, processed_rows=0, updated_at=timezone.now()
        )
    if claimed:
        enqueue("core.imports.run_import_job", job.pk)
    return bool(claimed)


def import_job_check(*, job: ImportJob) -> None:
    _process(job, write=False)


def import_job_run(*, job: ImportJob) -> None:
    _process(job, write=True)


def _process(job: ImportJob, *, write: bool) -> None:
    done = ImportJob.Status.DONE if write else ImportJob.Status.CHECKED
    refused = ImportJob.Status.FAILED if write else ImportJob.Status.INVALID
    try:
        resource: JapaneseResource = import_string(job.resource)()
        dataset = read_dataset(import_string(job.file_format)(), bytes(job.content))
        problems = resource.column_problems(dataset.headers or [])
        if problems:
            _finish(job, refused, problems=[{"row": None, "messages": problems}])
            return
        job.total_rows = len(dataset)
        job.processed_rows = 0
        job.save(update_fields=["total_rows", "processed_rows", "updated_at"])

        def progress(rows: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=rows, updated_at=timezone.now()
            )

        result = resource.import_data(
            dataset, dry_run=not write, use_transactions=False, progress=progress
        )
    except UnreadableFile as error:
        _finish(job, refused, problems=[{"row": None, "messages": [str(error)]}])
        return
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _finish(job, refused, problems=[{"row": None, "messages": [_failed()]}])
        return
    result_problems = problems_of(result)
    totals = {key: result.totals[key] for key in ("new", "update", "skip", "invalid", "error")}
    _finish(job, refused if result_problems else done, problems=result_problems, totals=totals)


def _failed() -> str:
    return _("取り込みの途中で問題が起きたため、何も変更していません。管理者に連絡してください。")


def _finish(
    job: ImportJob, status: str, *, problems: list[dict], totals: dict | None = None
) -> None:
    job.status = status
    job.problems = problems[:MAX_PROBLEMS]
    job.totals = {**(totals or {}), "problem_rows": len(problems)}
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    if status == ImportJob.Status.DONE:
        job.content = b""  # imported: the records hold the data now
    job.save()


def problems_of(result: Result) -> list[dict]:
    """Each bad row with its Japanese messages (「種別：…」), in file order."""
    problems: list[dict] = []
    for error in result.base_errors:
        logger.error("Import failed: %r", error.error, exc_info=error.error)
        problems.append({"row": None, "messages": [_failed()]})
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Import row %s failed: %r", number, error.error, exc_info=error.error)
        problems.append({"row": number, "messages": [_("この行を読み込めませんでした。")]})
    for row in result.invalid_rows:
        messages = [
            f"{column}：{message}"
            for column, messages in row.field_specific_errors.items()
            for message in messages
        ]
        messages += [str(message) for message in row.non_field_specific_errors]
        problems.append({"row": row.number, "messages": messages})
    return sorted(problems, key=lambda problem: problem["row"] or 0)


# --- The tasks ------------------------------------------------------------------------------


def check_import_job(job_id: int) -> None:
    import_job_check(job=ImportJob.objects.get(pk=job_id))


def run_import_job(job_id: int) -> None:
    import_job_run(job=ImportJob.objects.get(pk=job_id))
