"""Open data: the public directory and activities as CSV and JSON.

Only what the public pages show: listed records of listed members, organisations' contact
points, never a person's data. Column names and values are Japanese whatever the UI language,
so a file means the same to every program that reads it. CSV is UTF-8 with a BOM (Excel opens
it correctly); lists inside a CSV cell are joined with 「、」, and every cell is written through
core.spreadsheets.safe_cell, so a value starting with = + - @ … gets a ' in front and no
spreadsheet runs it. JSON is data for programs, not a spreadsheet: its values are as stored.
Both formats are streamed.
"""

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.spreadsheets import safe_cell
from networks.models import Activity, ActivitySession, Facility, Member

LIST_SEPARATOR = "、"
CHUNK = 500


@dataclass(frozen=True)
class Column:
    key: str  # JSON key
    header: str  # CSV header (Japanese, part of the data)
    description: StrOrPromise  # shown on the open data page (translated)
    value: Callable[[Any, dict[str, Any]], Any]  # (record, context) -> value


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: StrOrPromise
    columns: list[Column]
    queryset: Callable[[], QuerySet]

    def records(self, *, site_url: str) -> Iterator[dict[str, Any]]:
        with translation.override("ja"):
            labels = {
                "member_kind": {k: str(v) for k, v in Member.Kind.choices},
                "activity_kind": {k: str(v) for k, v in Activity.Kind.choices},
                "schedule": {k: str(v) for k, v in Activity.Schedule.choices},
            }
        context = {"site_url": site_url.rstrip("/"), "labels": labels}
        for obj in self.queryset().iterator(chunk_size=CHUNK):
            yield {column.key: column.value(obj, context) for column in self.columns}


def _names(objects: Iterable[Model]) -> list[str]:
    return [str(obj) for obj in objects]


class _HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


def _url(obj: _HasPage, context: dict[str, Any]) -> str:
    return context["site_url"] + obj.get_absolute_url()


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: dt.datetime | None) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _sessions(activity: Activity) -> list[dict[str, str]]:
    return [
        {"starts_at": _moment(s.starts_at), "ends_at": _moment(s.ends_at), "note": s.note}
        for s in activity.sessions.all()
    ]


def _members() -> QuerySet:
    return Member.objects.public().prefetch_related("districts", "themes").order_by("pk")


def _facilities() -> QuerySet:
    return (
        Facility.objects.public()
        .select_related("member", "district")
        .prefetch_related("target_groups", "stations")
        .order_by("pk")
    )


def _activities() -> QuerySet:
    return (
        Activity.objects.public()
        .upcoming_first()
        .select_related("theme", "district", "organiser", "facility__member")
        .prefetch_related(
            "audiences",
            "hashtags",
            "stations",
            Prefetch("sessions", queryset=ActivitySession.objects.order_by("starts_at")),
        )
        .order_by("pk")
    )


def _coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _location() -> list[Column]:
    """Where a facility or activity is: a point (WGS 84) and its nearest stations."""
    return [
        Column(
            "latitude",
            "緯度",
            _("緯度（世界測地系、空欄は未登録）"),
            lambda o, c: _coordinate(o.latitude),
        ),
        Column(
            "longitude",
            "経度",
            _("経度（世界測地系、空欄は未登録）"),
            lambda o, c: _coordinate(o.longitude),
        ),
        Column(
            "stations",
            "最寄り駅",
            _("最寄り駅（複数あり）"),
            lambda o, c: _names(o.stations.all()),
        ),
    ]


def _common_tail() -> list[Column]:
    return [
        Column("url", "ページ", _("ポータルのページのアドレス"), _url),
        Column(
            "updated_at",
            "更新日時",
            _("最後に更新した日時（ISO 8601）"),
            lambda o, c: _moment(o.updated_at),
        ),
        Column(
            "is_sample",
            "サンプル",
            _("表示確認用のサンプルなら true"),
            lambda o, c: o.is_sample,
        ),
    ]


MEMBERS = Dataset(
    slug="members",
    title=_("会員（法人・団体）"),
    queryset=_members,
    columns=[
        Column("id", "ID", _("会員の番号"), lambda o, c: o.pk),
        Column("name", "名称", _("名称"), lambda o, c: o.name),
        Column("name_kana", "よみがな", _("名称のよみがな（ひらがな）"), lambda o, c: o.name_kana),
        Column(
            "kind",
            "種別",
            _("社会福祉法人、NPO、民生児童委員協議会、地域活動団体、その他"),
            lambda o, c: c["labels"]["member_kind"].get(o.kind, o.kind),
        ),
        Column(
            "districts",
            "地区",
            _("活動する地区（複数あり）"),
            lambda o, c: _names(o.districts.all()),
        ),
        Column(
            "themes",
            "テーマ",
            _("参加しているネットのテーマ（複数あり）"),
            lambda o, c: _names(o.themes.all()),
        ),
        Column("website", "ウェブサイト", _("ウェブサイトのアドレス"), lambda o, c: o.website),
        Column("phone", "電話番号", _("団体の電話番号"), lambda o, c: o.phone),
        Column("joined_on", "加入日", _("ネットに加入した日"), lambda o, c: _date(o.joined_on)),
        Column("description", "紹介", _("紹介文"), lambda o, c: o.description),
        *_common_tail(),
    ],
)

FACILITIES = Dataset(
    slug="facilities",
    title=_("施設・事業所"),
    queryset=_facilities,
    columns=[
        Column("id", "ID", _("施設の番号"), lambda o, c: o.pk),
        Column("name", "名称", _("名称"), lambda o, c: o.name),
        Column("name_kana", "よみがな", _("名称のよみがな（ひらがな）"), lambda o, c: o.name_kana),
        Column("member_id", "運営法人ID", _("運営する会員の番号"), lambda o, c: o.member_id),
        Column("member_name", "運営法人", _("運営する会員の名称"), lambda o, c: o.member.name),
        Column("district", "地区", _("所在地の地区"), lambda o, c: o.district.name),
        Column(
            "target_groups",
            "対象",
            _("高齢者、障害者、子ども（複数あり）"),
            lambda o, c: _names(o.target_groups.all()),
        ),
        Column("address", "所在地", _("所在地"), lambda o, c: o.address),
        Column("phone", "電話番号", _("施設の電話番号"), lambda o, c: o.phone),
        Column("opening_notes", "開所日・時間", _("開所日と時間"), lambda o, c: o.opening_notes),
        Column(
            "accessibility_notes",
            "バリアフリー情報",
            _("段差、車いす用トイレ、駐車場など"),
            lambda o, c: o.accessibility_notes,
        ),
        *_location(),
        *_common_tail(),
    ],
)


def _facility_id(activity: Activity, context: dict[str, Any]) -> int | None:
    facility = activity.public_facility
    return facility.pk if facility else None


def _facility_name(activity: Activity, context: dict[str, Any]) -> str:
    facility = activity.public_facility
    return facility.name if facility else ""


ACTIVITIES = Dataset(
    slug="activities",
    title=_("活動・参加の機会"),
    queryset=_activities,
    columns=[
        Column("id", "ID", _("活動の番号"), lambda o, c: o.pk),
        Column("title", "名称", _("名称"), lambda o, c: o.title),
        Column(
            "kind",
            "種類",
            _("就労体験、居場所、福祉教育、イベント"),
            lambda o, c: c["labels"]["activity_kind"].get(o.kind, o.kind),
        ),
        Column("theme", "テーマ", _("ネットのテーマ"), lambda o, c: o.theme.name),
        Column("organiser_id", "主催ID", _("主催する会員の番号"), lambda o, c: o.organiser_id),
        Column("organiser_name", "主催", _("主催する会員の名称"), lambda o, c: o.organiser.name),
        Column("facility_id", "会場施設ID", _("会場の施設の番号（施設で開くとき）"), _facility_id),
        Column("facility_name", "会場施設", _("会場の施設の名称"), _facility_name),
        Column("venue", "会場", _("施設以外の会場"), lambda o, c: o.venue),
        Column("district", "地区", _("開く地区"), lambda o, c: o.district.name),
        *_location(),
        Column("audiences", "対象", _("対象（複数あり）"), lambda o, c: _names(o.audiences.all())),
        Column(
            "open_to_all",
            "どなたでも",
            _("どなたでも参加できるなら true"),
            lambda o, c: o.open_to_all,
        ),
        Column("description", "内容", _("内容"), lambda o, c: o.description),
        Column(
            "schedule",
            "日程の決め方",
            _("日付を指定、毎週、毎月（第何週）"),
            lambda o, c: c["labels"]["schedule"].get(o.schedule, o.schedule),
        ),
        Column(
            "recurrence",
            "くり返し",
            _("くり返しの決まり（例：毎月第2・第4金曜日 10:00〜12:00）"),
            lambda o, c: o.recurrence_text,
        ),
        Column(
            "sessions",
            "開催日時",
            _("日付を指定した活動の開催日時（開始・終了、ISO 8601）"),
            lambda o, c: _sessions(o),
        ),
        Column(
            "next_date", "次の開催日", _("今日以降で最も近い開催日"), lambda o, c: _date(o.next_on)
        ),
        Column("schedule_note", "日程の補足", _("日程の補足"), lambda o, c: o.schedule_note),
        Column("fee", "参加費", _("参加費"), lambda o, c: o.fee),
        Column("how_to_join", "参加方法", _("参加方法"), lambda o, c: o.how_to_join),
        Column("contact", "問い合わせ先", _("問い合わせ先"), lambda o, c: o.contact),
        Column(
            "hashtags",
            "ハッシュタグ",
            _("ハッシュタグ（複数あり）"),
            lambda o, c: [tag.name for tag in o.hashtags.all()],
        ),
        Column(
            "last_confirmed_on",
            "確認日",
            _("主催者に情報を確認した日"),
            lambda o, c: _date(o.last_confirmed_on),
        ),
        *_common_tail(),
    ],
)

DATASETS = {dataset.slug: dataset for dataset in (MEMBERS, FACILITIES, ACTIVITIES)}


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # sessions: "start〜end note"
            return LIST_SEPARATOR.join(
                f"{s['starts_at']}〜{s['ends_at']} {s['note']}".strip() for s in value
            )
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def csv_chunks(dataset: Dataset, *, site_url: str | None = None) -> Iterator[str]:
    """The dataset as CSV: a BOM, the Japanese header row, one row per record."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([safe_cell(column.header) for column in dataset.columns])
    for record in dataset.records(site_url=site_url or settings.SITE_URL):
        yield writer.writerow([safe_cell(_cell(value)) for value in record.values()])


def json_chunks(dataset: Dataset, *, site_url: str | None = None) -> Iterator[str]:
    """The dataset as one JSON object: a little metadata and the records, streamed."""
    with translation.override("ja"):
        title = str(dataset.title)
    head = {
        "dataset": dataset.slug,
        "title": title,
        "publisher": "練馬区社会福祉協議会",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    separator = "\n"
    for record in dataset.records(site_url=site_url or settings.SITE_URL):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
