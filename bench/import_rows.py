"""Spreadsheet import benchmark: generate member, facility and activity CSV files of 1,000 and
10,000 rows and time the two background steps the admin runs (core/imports.py): the check
(every row validated, nothing written) and the import after the confirmation (checked again,
then written in one transaction). Beside them, measured in the same run: the time to parse
the same file without checking or saving it, and the number of queries each step made.

    .venv/bin/python bench/import_rows.py                      # SQLite file in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import \
        .venv/bin/python bench/import_rows.py
    .venv/bin/python bench/import_rows.py --rows 1000 --model member
    .venv/bin/python bench/import_rows.py --model activity

The database is migrated first (PostgreSQL: created if missing) and the benchmark's rows are
deleted after each measurement. Figures are wall-clock seconds of one run on this machine.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nerima_portal.settings")
_tmp = tempfile.TemporaryDirectory(prefix="bench-import-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp.name}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.import_admin import JapaneseCSV  # noqa: E402
from core.imports import import_job_check, import_job_run  # noqa: E402
from core.kana import reading_for  # noqa: E402
from core.models import ImportJob  # noqa: E402
from networks.models import (  # noqa: E402
    Activity,
    ActivityOccurrence,
    District,
    Facility,
    Member,
)
from networks.resources import ActivityResource, FacilityResource, MemberResource  # noqa: E402
from networks.services import reference_data_ensure  # noqa: E402

OPERATORS = 200  # members that run the facilities (and organise the activities) in the files
RESOURCES = {"member": MemberResource, "facility": FacilityResource, "activity": ActivityResource}
STORED = {"member": "ベンチ福祉会", "facility": "ベンチ施設", "activity": "ベンチ活動"}


def member_csv(rows: int) -> bytes:
    lines = ["名称,よみがな,種別,地区,参加しているテーマ,ウェブサイト,電話番号,加入日,紹介,公開"]
    kinds = ["社会福祉法人", "NPO", "地域活動団体"]
    for i in range(rows):
        kana = f"ふくしかい{i}" if i % 2 else ""  # half the readings derived from the name
        lines.append(
            f"ベンチ福祉会{i},{kana},{kinds[i % 3]},練馬、光が丘,就労体験,"
            f"https://example.jp/{i},03-0000-{i % 10000:04d},2015/07/29,紹介文{i},はい"
        )
    return "\n".join(lines).encode()


def facility_csv(rows: int) -> bytes:
    lines = ["運営法人,名称,よみがな,対象,地区,所在地,電話番号,開所日・時間,バリアフリー情報,公開"]
    districts = ["練馬", "光が丘", "石神井", "大泉"]
    for i in range(rows):
        lines.append(
            f"ベンチ運営法人{i % OPERATORS},ベンチ施設{i},べんちしせつ{i},高齢者、子ども,"
            f"{districts[i % 4]},練馬区{i}番地,03-1111-{i % 10000:04d},平日9時から,段差なし,はい"
        )
    return "\n".join(lines).encode()


# As the sample data: 4 in 10 activities dated (their sessions are entered in the admin), 4
# monthly, 2 weekly; each recurring one gets its dates for 180 days when it is imported.
SCHEDULES = [
    ("日付を指定", "", "", "", ""),
    ("毎月", "金", "第2、第4", "13:00", "15:00"),
    ("日付を指定", "", "", "", ""),
    ("毎週", "月、水", "", "10:00", "12:00"),
    ("毎月", "火", "第1、第3", "10:00", "11:30"),
]


def activity_csv(rows: int) -> bytes:
    lines = [
        "主催,名称,種類,テーマ,地区,会場（施設）,会場,対象,どなたでも参加できる,内容,日程の決め方,"
        "曜日,第何週,開始時刻,終了時刻,日程の補足,参加費,参加方法,問い合わせ先,ハッシュタグ,"
        "情報の確認日,公開"
    ]
    districts = ["練馬", "光が丘", "石神井", "大泉"]
    for i in range(rows):
        schedule, weekdays, weeks, start, end = SCHEDULES[i % len(SCHEDULES)]
        operator = i % OPERATORS
        facility = f"ベンチ施設{operator}" if i % 2 else ""  # the operator's own facility
        venue = "" if facility else "地域の集会所"
        lines.append(
            f"ベンチ運営法人{operator},ベンチ活動{i},居場所,交流の場・居場所づくり,"
            f"{districts[i % 4]},{facility},{venue},高齢者、子ども,はい,内容{i},{schedule},"
            f"{weekdays},{weeks},{start},{end},祝日はお休み,無料,電話で申し込み,"
            f"03-2222-{i % 10000:04d},,2026/04/01,はい"
        )
    return "\n".join(lines).encode()


CSV_FOR = {"member": member_csv, "facility": facility_csv, "activity": activity_csv}


def clean_up() -> None:
    Activity.objects.filter(title__startswith="ベンチ").delete()
    Facility.objects.filter(name__startswith="ベンチ").delete()
    Member.objects.filter(name__startswith="ベンチ").delete()
    ImportJob.objects.filter(file_name__startswith="bench-").delete()


def operators(*, with_facilities: bool = False) -> None:
    members = [Member(name=f"ベンチ運営法人{i}", kind="npo") for i in range(OPERATORS)]
    for member in members:
        member.fill_reading()
    Member.objects.bulk_create(members)
    if with_facilities:  # one each, 「ベンチ施設N」, for the activities held there
        district = District.objects.order_by("pk").first()
        facilities = [
            Facility(member=member, name=f"ベンチ施設{i}", district=district)
            for i, member in enumerate(members)
        ]
        for facility in facilities:
            facility.fill_reading()
        Facility.objects.bulk_create(facilities)


def expect(condition: bool, problem: object) -> None:
    if not condition:
        sys.exit(f"bench: {problem}")


def timed(step: object, job: ImportJob) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        step(job=job)
        seconds = time.perf_counter() - start
    return seconds, len(queries.captured_queries)


def measure(model: str, rows: int) -> None:
    clean_up()
    if model != "member":
        operators(with_facilities=model == "activity")
    content = CSV_FOR[model](rows)
    resource = RESOURCES[model]

    JapaneseCSV().create_dataset(content)  # warm-up: the first parse imports the CSV reader
    start = time.perf_counter()
    dataset = JapaneseCSV().create_dataset(content)
    parse = time.perf_counter() - start
    expect(len(dataset) == rows, f"parsed {len(dataset)} rows, not {rows}")

    job = ImportJob.objects.create(
        model=f"networks.{model}",
        resource=f"{resource.__module__}.{resource.__qualname__}",
        file_format="core.import_admin.JapaneseCSV",
        file_name=f"bench-{model}-{rows}.csv",
        content=content,
    )
    check, check_queries = timed(import_job_check, job)
    job.refresh_from_db()
    expect(job.status == ImportJob.Status.CHECKED, job.problems[:3])
    job.status = ImportJob.Status.IMPORTING
    job.save()
    confirm, confirm_queries = timed(import_job_run, job)
    job.refresh_from_db()
    expect(job.status == ImportJob.Status.DONE, job.problems[:3])
    if model == "activity":
        stored = Activity.objects.filter(title__startswith=STORED[model])
        dates = ActivityOccurrence.objects.filter(activity__in=stored).count()
        expect(dates > rows, f"only {dates} dates for {rows} activities")
    else:
        stored = {"member": Member, "facility": Facility}[model].objects.filter(
            name__startswith=STORED[model]
        )
    expect(stored.count() == rows, f"stored {stored.count()} rows, not {rows}")

    print(
        f"{model:<9}{rows:>7,} rows   parse {parse:6.2f} s   "
        f"check {check:6.2f} s ({check / parse:5.0f}× parse, {check_queries:>4} queries)   "
        f"confirm {confirm:6.2f} s ({confirm / parse:5.0f}× parse, {confirm_queries:>4} queries)"
    )
    clean_up()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--model", choices=list(RESOURCES), nargs="+", default=list(RESOURCES))
    args = parser.parse_args()

    if connection.vendor == "postgresql":
        ensure_postgres_database()
    call_command("migrate", verbosity=0)
    reference_data_ensure()
    engine = connection.vendor
    reading_for("練馬")  # load the kana dictionary, as a worker's first import does, once
    print(f"Spreadsheet import on {engine}: one run each, wall-clock seconds")
    for model in args.model:
        for rows in args.rows:
            measure(model, rows)


def ensure_postgres_database() -> None:
    """Create the DATABASE_URL's database when it does not exist yet."""
    import psycopg

    settings = connection.settings_dict
    try:
        connection.ensure_connection()
    except Exception:  # most likely a missing database: create it below
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')


if __name__ == "__main__":
    main()
