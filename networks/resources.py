"""Import and export of members, facilities and activities (CSV, Excel), on the base in
core/resources.py.

Districts, themes, target groups and hashtags go by name, the member that runs a facility or
organises an activity by its name, kinds and schedules by their label. A row is matched to an
existing record by name (members), by member and name (facilities) or by organiser and name
(activities) and updated; otherwise it is added.
"""

from typing import Any

from django.db.models import Model
from import_export import fields

from core.resources import (
    CoordinateWidget,
    DateWidget,
    JapaneseResource,
    LabelChoiceWidget,
    NameListWidget,
    NameWidget,
    NumberListWidget,
    TimeWidget,
    YesNoWidget,
    text_field,
)
from networks.models import (
    WEEKDAYS,
    Activity,
    District,
    Facility,
    Member,
    Station,
    TargetGroup,
    Theme,
)
from networks.services import activities_refresh_occurrences
from pillars.models import Hashtag

WEEKDAY_SPELLINGS = {number: [day, f"{day}曜日", f"{day}曜"] for number, day in enumerate(WEEKDAYS)}
WEEK_SPELLINGS = {week: [f"第{week}", f"第{week}週", str(week)] for week in range(1, 6)}


class FacilityWidget(NameWidget):
    """A facility by its name; where several share it, the one run by the row's organiser
    (the member named in `organiser_column`)."""

    def __init__(self, *, organiser_column: str) -> None:
        super().__init__(Facility)
        self.organiser_column = organiser_column

    def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
        return Facility.objects.select_related("member")

    def candidates(self, name: str, row: Any) -> list[Model]:
        matches = super().candidates(name, row)
        if len(matches) > 1 and row is not None:
            organiser = str(row.get(self.organiser_column) or "").strip()
            own: list[Model] = [
                f for f in matches if isinstance(f, Facility) and f.member.name == organiser
            ]
            return own or matches
        return matches


class MemberResource(JapaneseResource):
    name = text_field("name", "名称")
    name_kana = text_field("name_kana", "よみがな")
    kind = fields.Field("kind", "種別", widget=LabelChoiceWidget(Member.Kind.choices))
    districts = fields.Field("districts", "地区", widget=NameListWidget(District, required=True))
    themes = fields.Field("themes", "参加しているテーマ", widget=NameListWidget(Theme))
    website = text_field("website", "ウェブサイト")
    phone = text_field("phone", "電話番号")
    joined_on = fields.Field("joined_on", "加入日", widget=DateWidget())
    description = text_field("description", "紹介")
    is_listed = fields.Field("is_listed", "公開", widget=YesNoWidget(), default=True)

    class Meta:
        model = Member
        name = "会員（法人・団体）"
        fields = (
            "name",
            "name_kana",
            "kind",
            "districts",
            "themes",
            "website",
            "phone",
            "joined_on",
            "description",
            "is_listed",
        )
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class FacilityResource(JapaneseResource):
    member = fields.Field("member", "運営法人", widget=NameWidget(Member))
    name = text_field("name", "名称")
    name_kana = text_field("name_kana", "よみがな")
    target_groups = fields.Field(
        "target_groups", "対象", widget=NameListWidget(TargetGroup, required=True)
    )
    district = fields.Field("district", "地区", widget=NameWidget(District))
    address = text_field("address", "所在地")
    phone = text_field("phone", "電話番号")
    opening_notes = text_field("opening_notes", "開所日・時間")
    accessibility_notes = text_field("accessibility_notes", "バリアフリー情報")
    latitude = fields.Field("latitude", "緯度", widget=CoordinateWidget())
    longitude = fields.Field("longitude", "経度", widget=CoordinateWidget())
    stations = fields.Field("stations", "最寄り駅", widget=NameListWidget(Station))
    is_listed = fields.Field("is_listed", "公開", widget=YesNoWidget(), default=True)

    class Meta:
        model = Facility
        name = "施設・事業所"
        fields = (
            "member",
            "name",
            "name_kana",
            "target_groups",
            "district",
            "address",
            "phone",
            "opening_notes",
            "accessibility_notes",
            "latitude",
            "longitude",
            "stations",
            "is_listed",
        )
        import_id_fields = ("member", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class ActivityResource(JapaneseResource):
    """Activities with their recurring rule (毎週・毎月, 曜日, 第何週, times). The dated
    sessions of 「日付を指定」 activities are not in the file: they are kept in the admin, on
    each activity's page, and an import leaves them as they are."""

    organiser = fields.Field("organiser", "主催", widget=NameWidget(Member))
    title = text_field("title", "名称")
    kind = fields.Field("kind", "種類", widget=LabelChoiceWidget(Activity.Kind.choices))
    theme = fields.Field("theme", "テーマ", widget=NameWidget(Theme))
    district = fields.Field("district", "地区", widget=NameWidget(District))
    facility = fields.Field(
        "facility", "会場（施設）", widget=FacilityWidget(organiser_column="主催")
    )
    venue = text_field("venue", "会場")
    latitude = fields.Field("latitude", "緯度", widget=CoordinateWidget())
    longitude = fields.Field("longitude", "経度", widget=CoordinateWidget())
    stations = fields.Field("stations", "最寄り駅", widget=NameListWidget(Station))
    audiences = fields.Field("audiences", "対象", widget=NameListWidget(TargetGroup))
    open_to_all = fields.Field(
        "open_to_all", "どなたでも参加できる", widget=YesNoWidget(), default=False
    )
    description = text_field("description", "内容")
    schedule = fields.Field(
        "schedule",
        "日程の決め方",
        widget=LabelChoiceWidget(Activity.Schedule.choices),
        default=Activity.Schedule.DATED,
    )
    weekdays = fields.Field("weekdays", "曜日", widget=NumberListWidget(WEEKDAY_SPELLINGS))
    weeks_of_month = fields.Field(
        "weeks_of_month", "第何週", widget=NumberListWidget(WEEK_SPELLINGS)
    )
    start_time = fields.Field("start_time", "開始時刻", widget=TimeWidget())
    end_time = fields.Field("end_time", "終了時刻", widget=TimeWidget())
    schedule_note = text_field("schedule_note", "日程の補足")
    fee = text_field("fee", "参加費")
    how_to_join = text_field("how_to_join", "参加方法")
    contact = text_field("contact", "問い合わせ先")
    hashtags = fields.Field(
        "hashtags", "ハッシュタグ", widget=NameListWidget(Hashtag, list_choices=False)
    )
    last_confirmed_on = fields.Field("last_confirmed_on", "情報の確認日", widget=DateWidget())
    is_listed = fields.Field("is_listed", "公開", widget=YesNoWidget(), default=True)

    class Meta:
        model = Activity
        name = "活動・参加の機会"
        fields = (
            "organiser",
            "title",
            "kind",
            "theme",
            "district",
            "facility",
            "venue",
            "latitude",
            "longitude",
            "stations",
            "audiences",
            "open_to_all",
            "description",
            "schedule",
            "weekdays",
            "weeks_of_month",
            "start_time",
            "end_time",
            "schedule_note",
            "fee",
            "how_to_join",
            "contact",
            "hashtags",
            "last_confirmed_on",
            "is_listed",
        )
        import_id_fields = ("organiser", "title")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def after_write(self, instances: list[Model]) -> None:
        # The dates the lists filter and sort by, as ActivityAdmin.save_related rebuilds them
        activities_refresh_occurrences(activities=[i for i in instances if isinstance(i, Activity)])
