"""Helpers for the spreadsheet import tests: generated files, and the admin's upload and
confirm steps as a coordinator does them (tests run tasks at once unless they say not)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

MEMBER_HEADER = "名称,よみがな,種別,地区,参加しているテーマ,ウェブサイト,電話番号,加入日,紹介,公開"
FACILITY_HEADER = "運営法人,名称,よみがな,対象,地区,所在地,電話番号,公開"


def member_rows(count: int, start: int = 0) -> list[str]:
    return [
        f"福祉会{i},{'ふくしかい' if i % 2 else ''},社会福祉法人,練馬、光が丘,就労体験,"
        f"https://example.jp/{i},03-0000-{i % 10000:04d},2015/07/29,紹介{i},はい"
        for i in range(start, start + count)
    ]


def facility_rows(count: int, operator: str = "ひかり福祉会") -> list[str]:
    return [
        f"{operator},施設{i},しせつ{i},高齢者、子ども,練馬,練馬区{i}番地,03-1111-0000,はい"
        for i in range(count)
    ]


def csv_upload(header: str, rows: list[str], name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([header, *rows]).encode(), content_type="text/csv")


def upload(client: Client, model: str, file: SimpleUploadedFile, fmt: str = "0") -> object:
    """The import page's form; a readable file leads to its job page (followed)."""
    return client.post(
        f"/admin/networks/{model}/import/",
        {"format": fmt, "import_file": file, "resource": "0"},
        follow=True,
    )


def confirm(client: Client, model: str, job_page: object) -> object:
    form = job_page.context["confirm_form"]
    return client.post(f"/admin/networks/{model}/process_import/", dict(form.initial), follow=True)


ACTIVITY_HEADER = (
    "主催,名称,種類,テーマ,地区,会場（施設）,会場,対象,どなたでも参加できる,内容,日程の決め方,"
    "曜日,第何週,開始時刻,終了時刻,日程の補足,参加費,参加方法,問い合わせ先,ハッシュタグ,"
    "情報の確認日,公開"
)
ACTIVITY_SCHEDULES = [  # every tenth row weekly, the next monthly, the others dated
    ("毎週", "月、水", "", "10:00", "12:00"),
    ("毎月", "金", "第2、第4", "13:00", "15:00"),
    *[("日付を指定", "", "", "", "")] * 8,
]


def activity_rows(
    count: int, organiser: str = "ひかり福祉会", facility: str = "", start: int = 0
) -> list[str]:
    """Rows of `organiser`'s activities 「ひかりサロン{i}」; even rows held at `facility`."""
    rows = []
    for i in range(start, start + count):
        schedule, weekdays, weeks, begins, ends = ACTIVITY_SCHEDULES[i % 10]
        at = facility if i % 2 == 0 else ""
        venue = "" if at else "光が丘区民センター"
        rows.append(
            f"{organiser},ひかりサロン{i},居場所,交流の場・居場所づくり,光が丘,{at},{venue},"
            f"高齢者、子ども,はい,内容{i},{schedule},{weekdays},{weeks},{begins},{ends},"
            f"祝日はお休み,無料,電話で申し込み,03-2222-{i % 10000:04d},,2026/04/01,はい"
        )
    return rows
