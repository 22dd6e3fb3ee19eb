"""Benchmark consultation records (persons, cases, entries, tasks, staff with TOTP), written
in bulk by `manage.py generate_case_bench_data` (nerima_portal). Never in production: every
case and person is is_sample=True."""

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import CONSULTATION_STAFF, SUPERVISOR
from consultations import crypto
from consultations.models import (
    Case,
    Category,
    Entry,
    Team,
    TeamMembership,
    normalise_kana,
)
from core.fiscal_year import fiscal_year_of
from networks.models import District

FAMILY = [
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("清水", "しみず"),
]
GIVEN = [
    ("花子", "はなこ"),
    ("太郎", "たろう"),
    ("一郎", "いちろう"),
    ("幸子", "さちこ"),
    ("健", "けん"),
    ("美咲", "みさき"),
    ("翔", "しょう"),
    ("和子", "かずこ"),
    ("博", "ひろし"),
    ("陽菜", "ひな"),
    ("誠", "まこと"),
    ("節子", "せつこ"),
]
CONCERNS = [
    "家賃を滞納しており、住まいを失いそう。",
    "八十代の親と五十代の子の世帯で、収入がない。",
    "特例貸付の償還が難しい。",
    "仕事を失い、生活費が足りない。",
    "近所づきあいがなく孤立している。",
    "成年後見の利用について知りたい。",
    "子育てと介護が重なり疲れている。",
]
DETAILS = [
    "家計の状況を聞き取り、支出の見直しを一緒に考えた。",
    "関係機関に連絡し、次回の面談日を調整した。",
    "自宅を訪問し、生活の様子を確認した。",
    "本人と電話で話し、体調を確認した。",
    "ハローワークへ同行した。",
    "支援調整会議で支援方針を確認した。",
]
STAFF_PER_TEAM = 10
BENCH_SUPERVISOR = "bench-supervisor@example.jp"


def _staff() -> dict[int, list[int]]:
    """Staff users per team (ids), with TOTP, made once; the bench supervisor supervises
    the first team and takes cases there too."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff_group = Group.objects.get(name=CONSULTATION_STAFF)
    supervisor_group = Group.objects.get(name=SUPERVISOR)
    per_team: dict[int, list[int]] = {}
    for index, team in enumerate(Team.objects.order_by("order", "pk")):
        members = []
        for number in range(STAFF_PER_TEAM):
            user, _created = User.objects.get_or_create(
                email=f"bench-staff-{team.slug}-{number}@example.jp",
                defaults={"name": f"ベンチ職員 {team.name}{number}", "is_staff": True},
            )
            user.groups.add(staff_group)
            TeamMembership.objects.get_or_create(user=user, team=team)
            members.append(user)
        if index == 0:
            supervisor, _created = User.objects.get_or_create(
                email=BENCH_SUPERVISOR, defaults={"name": "ベンチ主任", "is_staff": True}
            )
            supervisor.groups.add(supervisor_group)
            TeamMembership.objects.update_or_create(
                user=supervisor, team=team, defaults={"is_supervisor": True}
            )
            members.append(supervisor)
        for user in members:
            if not Authenticator.objects.filter(user=user, type="totp").exists():
                TOTP.activate(user, generate_totp_secret())
        per_team[team.pk] = [user.pk for user in members]
    return per_team


# The copies a case keeps of its person's reading and of its categories (Case.person_kana_key,
# Case.category_keys, "|1|5|"), which the rows written here by COPY do not go through save()
# and the links' signal to get.
_PERSON_READINGS = """
UPDATE consultations_case SET person_kana_key = COALESCE(
    (SELECT p.kana_key FROM consultations_person p WHERE p.id = consultations_case.person_id), ''
) WHERE id >= %s AND person_id IS NOT NULL
"""
_CATEGORY_KEYS = {
    "postgresql": """
UPDATE consultations_case c SET category_keys = s.keys FROM (
    SELECT case_id, '|' || string_agg(category_id::text, '|' ORDER BY category_id) || '|' AS keys
    FROM consultations_case_categories WHERE case_id >= %s GROUP BY case_id
) s WHERE s.case_id = c.id
""",
    "sqlite": """
UPDATE consultations_case SET category_keys = COALESCE('|' || (
    SELECT group_concat(cc.category_id, '|') FROM consultations_case_categories cc
    WHERE cc.case_id = consultations_case.id
) || '|', '') WHERE id >= %s
""",
}


def _fill_search_copies(first_case: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_PERSON_READINGS, [first_case])
        keys = _CATEGORY_KEYS.get(connection.vendor, _CATEGORY_KEYS["sqlite"])
        cursor.execute(keys, [first_case])


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY on PostgreSQL, executemany elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
        return count
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def bench_generate(*, cases: int, entries: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 (invented data)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        staff = _staff()
        teams = list(staff)
        districts = list(District.objects.values_list("pk", flat=True))
        categories = list(Category.objects.values_list("pk", flat=True))
        # Encrypting a million values one by one would dominate the run: a pool of
        # ciphertexts is reused (the data is invented; each value still decrypts).
        concern_pool = [crypto.encrypt(text) for text in CONCERNS]
        detail_pool = [crypto.encrypt(text) for text in DETAILS]
        summary_pool = [crypto.encrypt(text[:12]) for text in DETAILS]
        name_pool = {
            (f, g): crypto.encrypt(f"{f} {g}（サンプル）") for f, _fk in FAMILY for g, _gk in GIVEN
        }
        phone_pool = [crypto.encrypt(f"03-5{n:03d}-{n * 7 % 10000:04d}") for n in range(200)]

        # Persons
        person_count = max(1, int(cases * 0.8))
        first_person = _next_id("consultations_person")
        person_columns = (
            "id",
            "name",
            "kana",
            "kana_key",
            "phone_index",
            "birth_date",
            "age_band",
            "sex",
            "address",
            "phone",
            "email",
            "notes",
            "created_at",
            "is_sample",
        )

        def persons() -> Iterable[tuple]:
            for offset in range(person_count):
                family, given = rng.choice(FAMILY), rng.choice(GIVEN)
                kana = f"{family[1]} {given[1]}"
                phone = rng.randrange(len(phone_pool))
                yield (
                    first_person + offset,
                    name_pool[(family[0], given[0])],
                    kana,
                    normalise_kana(kana),
                    crypto.blind_index(f"035{phone:03d}{phone * 7 % 10000:04d}", purpose="phone"),
                    dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25_000)),
                    "",
                    rng.choice(["female", "male", "declined", ""]),
                    "",
                    phone_pool[phone],
                    "",
                    "",
                    now,
                    True,
                )

        made_persons = _insert("consultations_person", person_columns, persons())

        # Cases, numbered per fiscal year from the counter rows
        first_case = _next_id("consultations_case")
        with connection.cursor() as cursor:
            cursor.execute("SELECT fiscal_year, last FROM consultations_casecounter")
            counters = dict(cursor.fetchall())
        statuses = [
            (Case.Status.RECEIVED, 6),
            (Case.Status.ASSESSMENT, 8),
            (Case.Status.SUPPORT, 16),
            (Case.Status.SUSPENDED, 3),
            (Case.Status.CLOSED, 45),
            (Case.Status.INFO_ONLY, 15),
            (Case.Status.REFERRED_OUT, 7),
        ]
        status_values = [s for s, _w in statuses]
        status_weights = [w for _s, w in statuses]
        channels = Case.Channel.values
        came_from = Case.CameFrom.values
        household_types = Case.HouseholdType.values
        case_rows: list[tuple] = []
        case_info: list[tuple[int, dt.date, int]] = []  # id, received_on, primary staff
        for offset in range(cases):
            received = today - dt.timedelta(days=rng.randrange(5 * 365))
            year = fiscal_year_of(received)
            counters[year] = counters.get(year, 0) + 1
            status = rng.choices(status_values, status_weights)[0]
            closed = status in Case.CLOSED_STATUSES
            team = rng.choice(teams)
            primary = rng.choice(staff[team])
            secondary = rng.choice(staff[team]) if rng.random() < 0.2 else None
            outcome = {
                Case.Status.INFO_ONLY: "information",
                Case.Status.REFERRED_OUT: "referred",
            }.get(status, rng.choice(["resolved", "partly", "other"]) if closed else "")
            case_id = first_case + offset
            case_rows.append(
                (
                    case_id,
                    f"{year}-{counters[year]:06d}",
                    received,
                    rng.choice(channels),
                    rng.choice(came_from),
                    rng.choice(household_types),
                    rng.choice(districts),
                    rng.choice(concern_pool),
                    rng.choice(["normal"] * 8 + ["high", "urgent"]),
                    "restricted" if rng.random() < 0.1 else "normal",
                    status,
                    primary,
                    secondary,
                    team,
                    first_person + rng.randrange(person_count) if rng.random() < 0.9 else None,
                    min(today, received + dt.timedelta(days=rng.randrange(1, 200)))
                    if closed
                    else None,
                    outcome,
                    now,
                    now,
                    True,
                    "",  # person_kana_key and category_keys: _fill_search_copies
                    "",
                )
            )
            case_info.append((case_id, received, primary))
        made_cases = _insert(
            "consultations_case",
            (
                "id",
                "number",
                "received_on",
                "channel",
                "came_from",
                "household_type",
                "district_id",
                "main_concern",
                "urgency",
                "confidentiality",
                "status",
                "primary_staff_id",
                "secondary_staff_id",
                "team_id",
                "person_id",
                "closed_on",
                "outcome",
                "created_at",
                "updated_at",
                "is_sample",
                "person_kana_key",
                "category_keys",
            ),
            case_rows,
        )
        for year, last in counters.items():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE consultations_casecounter SET last = %s WHERE fiscal_year = %s",
                    [last, year],
                )
                if cursor.rowcount == 0:
                    cursor.execute(
                        "INSERT INTO consultations_casecounter (fiscal_year, last) VALUES (%s, %s)",
                        [year, last],
                    )
        del case_rows

        def case_categories() -> Iterable[tuple]:
            for case_id, _received, _primary in case_info:
                for category in rng.sample(categories, rng.choice([1, 1, 2])):
                    yield (case_id, category)

        made_links = _insert(
            "consultations_case_categories", ("case_id", "category_id"), case_categories()
        )
        _fill_search_copies(first_case)

        kinds = Entry.Kind.values

        # Ids are read before a COPY starts (the connection is busy while it runs).
        first_entry = _next_id("consultations_entry")

        def entry_rows() -> Iterable[tuple]:
            for offset in range(entries):
                case_id, received, primary = case_info[offset % len(case_info)]
                occurred = min(today, received + dt.timedelta(days=rng.randrange(0, 400)))
                yield (
                    first_entry + offset,
                    case_id,
                    rng.choice(kinds),
                    occurred,
                    primary,
                    rng.choice(summary_pool),
                    rng.choice(detail_pool),
                    False,
                    now,
                )

        made_entries = _insert(
            "consultations_entry",
            (
                "id",
                "case_id",
                "kind",
                "occurred_on",
                "staff_id",
                "summary",
                "detail",
                "superseded",
                "created_at",
            ),
            entry_rows(),
        )

        title_pool = [crypto.encrypt(t) for t in ("電話で様子を確認", "書類を届ける", "面談")]

        first_task = _next_id("consultations_task")

        def task_rows() -> Iterable[tuple]:
            for offset, (case_id, _received, primary) in enumerate(case_info[::5]):
                due = today + dt.timedelta(days=rng.randrange(-30, 30))
                done = due if rng.random() < 0.6 else None
                yield (
                    first_task + offset,
                    case_id,
                    rng.choice(title_pool),
                    due,
                    primary,
                    done,
                    primary,
                    now,
                )

        made_tasks = _insert(
            "consultations_task",
            (
                "id",
                "case_id",
                "title",
                "due_on",
                "assignee_id",
                "done_on",
                "created_by_id",
                "created_at",
            ),
            task_rows(),
        )
    return {
        "persons": made_persons,
        "cases": made_cases,
        "case categories": made_links,
        "entries": made_entries,
        "tasks": made_tasks,
    }
