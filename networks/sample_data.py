"""Sample and benchmark records for the network's directory: never loaded in production.

`load`/`delete` are called by `manage.py load_sample_data` (nerima_portal) after the sample
action items of pillars/sample_data.py, whose hashtags the activities share; `bench_generate`
by `manage.py generate_bench_data`. Every record is is_sample=True and marked 「サンプル」 (or
named 「ベンチ」).
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.kana import to_hiragana
from core.pagecache import content_changed
from networks import sample_content
from networks.models import (
    Activity,
    ActivityDayOff,
    ActivityOccurrence,
    ActivitySession,
    Closure,
    ContactPoint,
    Coordinator,
    District,
    Facility,
    Meeting,
    Member,
    OpeningHours,
    Station,
    TargetGroup,
    Theme,
)
from networks.services import next_date_of, occurrence_dates, reference_data_ensure
from pillars.models import DrivingForce, Hashtag

# --- Loading many records at once (sample data, benchmark data) -------------------------------


class _DirectoryBatch:
    """Unsaved directory records with their many-to-many links, saved in a few bulk queries.

    Instances get their primary keys from bulk_create (PostgreSQL, SQLite ≥ 3.35), so the
    links and dependants can refer to them. Kana readings are filled here: bulk_create does
    not call save().
    """

    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.members: list[tuple[Member, list[int], list[int]]] = []
        self.facilities: list[tuple[Facility, list[int]]] = []
        self.stations: list[tuple[Facility | Activity, int]] = []
        self.activities: list[tuple[Activity, list[int], list[int], list[ActivitySession]]] = []
        self.days_off: dict[int, list[ActivityDayOff]] = {}  # by id() of the unsaved activity
        self.coordinators: list[tuple[Coordinator, list[int]]] = []

    def add_member(self, member: Member, *, districts: list[int], themes: list[int]) -> Member:
        member.fill_reading()
        self.members.append((member, districts, themes))
        return member

    def add_facility(self, facility: Facility, *, target_groups: list[int]) -> Facility:
        facility.fill_reading()
        self.facilities.append((facility, target_groups))
        return facility

    def add_activity(
        self,
        activity: Activity,
        *,
        audiences: list[int],
        hashtags: list[int],
        sessions: Iterable[tuple[dt.datetime, dt.datetime | None, str]] = (),
        days_off: Iterable[ActivityDayOff] = (),
    ) -> Activity:
        self.days_off[id(activity)] = list(days_off)
        unsaved = [
            ActivitySession(activity=activity, starts_at=start, ends_at=end, note=note)
            for start, end, note in sessions
        ]
        self.activities.append((activity, audiences, hashtags, unsaved))
        return activity

    def place(self, place: Facility | Activity, *, station: Station, nth: int) -> None:
        """Put a sample record near `station` (a few hundred metres off, by `nth`) and note the
        station as its nearest."""
        self.stations.append((place, station.pk))
        if station.latitude is None or station.longitude is None:
            return  # a station a coordinator entered without its place
        offsets = [(0.002, 0.001), (-0.0015, 0.002), (0.001, -0.0025), (-0.002, -0.0015)]
        north, east = offsets[nth % len(offsets)]
        spread = 1 + (nth // len(offsets)) % 4 * 0.4  # up to about 500 m from the station
        place.latitude = round(station.latitude + Decimal(str(round(north * spread, 6))), 6)
        place.longitude = round(station.longitude + Decimal(str(round(east * spread, 6))), 6)

    def place_at(self, activity: Activity, facility: Facility) -> None:
        """Put a sample activity where its venue (a sample facility placed before) is."""
        activity.latitude, activity.longitude = facility.latitude, facility.longitude
        self.stations.extend((activity, s) for f, s in self.stations if f is facility)

    def add_coordinator(self, coordinator: Coordinator, *, districts: list[int]) -> None:
        self.coordinators.append((coordinator, districts))

    @transaction.atomic
    def save(self, *, batch_size: int = 2000) -> None:
        def links(through: type[Model], pairs: Iterable[tuple[str, int, str, int]]) -> None:
            through._default_manager.bulk_create(
                (through(**{a: x, b: y}) for a, x, b, y in pairs), batch_size=batch_size
            )

        Member.objects.bulk_create([m for m, _, _ in self.members], batch_size=batch_size)
        links(
            Member.districts.through,
            (("member_id", m.pk, "district_id", d) for m, ds, _ in self.members for d in ds),
        )
        links(
            Member.themes.through,
            (("member_id", m.pk, "theme_id", t) for m, _, ts in self.members for t in ts),
        )
        Facility.objects.bulk_create([f for f, _ in self.facilities], batch_size=batch_size)
        links(
            Facility.target_groups.through,
            (("facility_id", f.pk, "targetgroup_id", g) for f, gs in self.facilities for g in gs),
        )
        dates = {
            id(activity): sorted(
                occurrence_dates(
                    activity,
                    today=self.today,
                    sessions=sessions,
                    days_off=self.days_off[id(activity)],
                )
            )
            for activity, _, _, sessions in self.activities
        }
        for activity, *_ in self.activities:
            activity.next_date = next_date_of(dates[id(activity)], today=self.today)
        Activity.objects.bulk_create([a for a, *_ in self.activities], batch_size=batch_size)
        links(
            Activity.audiences.through,
            (
                ("activity_id", a.pk, "targetgroup_id", g)
                for a, gs, _, _ in self.activities
                for g in gs
            ),
        )
        links(
            Activity.hashtags.through,
            (("activity_id", a.pk, "hashtag_id", h) for a, _, hs, _ in self.activities for h in hs),
        )
        ActivitySession.objects.bulk_create(
            (s for *_, sessions in self.activities for s in sessions), batch_size=batch_size
        )
        days_off = []
        for activity, *_ in self.activities:
            for day in self.days_off[id(activity)]:
                day.activity = activity  # now with its primary key
                days_off.append(day)
        ActivityDayOff.objects.bulk_create(days_off, batch_size=batch_size)
        ActivityOccurrence.objects.bulk_create(
            (
                ActivityOccurrence(activity=activity, date=date)
                for activity, *_ in self.activities
                for date in dates[id(activity)]
            ),
            batch_size=batch_size,
        )
        links(
            Facility.stations.through,
            (
                ("facility_id", p.pk, "station_id", s)
                for p, s in self.stations
                if isinstance(p, Facility)
            ),
        )
        links(
            Activity.stations.through,
            (
                ("activity_id", p.pk, "station_id", s)
                for p, s in self.stations
                if isinstance(p, Activity)
            ),
        )
        Coordinator.objects.bulk_create([c for c, _ in self.coordinators], batch_size=batch_size)
        links(
            Coordinator.districts.through,
            (("coordinator_id", c.pk, "district_id", d) for c, ds in self.coordinators for d in ds),
        )
        content_changed()  # bulk_create sends no signal: cached pages go after the commit


# --- Sample data ----------------------------------------------------------------------------


def _year_end_break(today: dt.date) -> list[ActivityDayOff]:
    """年末年始 (12月29日〜1月3日): the one under way or the next."""
    under_way = today.month == 1 and today.day <= 3
    start = dt.date(today.year - 1 if under_way else today.year, 12, 29)
    return [
        ActivityDayOff(start_date=start, end_date=dt.date(start.year + 1, 1, 3), reason="年末年始")
    ]


def _sample_suffix(copy: int) -> str:
    return "（サンプル）" if copy == 1 else f"（サンプル{copy}）"


def _at(day: dt.date, time: str) -> dt.datetime:
    hour, minute = (int(part) for part in time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def load(*, copies: int = 1, today: dt.date | None = None) -> int:
    """Create (idempotently) `copies` sets of sample members, facilities, activities and
    coordinator profiles, all is_sample=True; returns how many activities were added.

    A set whose first member already exists is skipped, so loading twice adds nothing and
    loading more copies adds only the missing ones. Hashtags are shared with the sample action
    items of the same copy (「居場所」, 「居場所2」, …).
    """
    today = today or timezone.localdate()
    reference_data_ensure()
    districts = dict(District.objects.values_list("slug", "pk"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    groups = dict(TargetGroup.objects.values_list("slug", "pk"))
    existing = set(Member.objects.filter(is_sample=True).values_list("name", flat=True))
    stations = stations_ensure()
    batch = _DirectoryBatch(today=today)
    placed = 0  # records placed so far: spreads them around their stations

    def place(record: Facility | Activity, district: str) -> None:
        nonlocal placed
        names = sample_content.DISTRICT_STATIONS[district]
        batch.place(record, station=stations[names[placed % len(names)]], nth=placed)
        placed += 1

    meeting_sets: list[tuple[str, dict[str, list[Facility]]]] = []
    for copy in range(1, copies + 1):
        suffix = _sample_suffix(copy)
        if sample_content.MEMBERS[0]["name"] + suffix in existing:
            continue
        tag_suffix = "" if copy == 1 else str(copy)
        tag_names = {name for spec in sample_content.ACTIVITIES for name in spec["hashtags"]}
        tags = {
            name: Hashtag.objects.get_or_create(
                name=f"{name}{tag_suffix}", defaults={"is_sample": True}
            )[0].pk
            for name in sorted(tag_names)
        }
        members: dict[str, Member] = {}
        facilities: dict[str, list[Facility]] = {}
        for spec in sample_content.MEMBERS:
            joined_on = spec["joined_on"]
            members[spec["key"]] = batch.add_member(
                Member(
                    name=spec["name"] + suffix,
                    name_kana=spec["name_kana"],
                    kind=spec["kind"],
                    website=spec["website"],
                    phone=spec["phone"],
                    joined_on=dt.date.fromisoformat(joined_on) if joined_on else None,
                    description=spec["description"],
                    is_sample=True,
                ),
                districts=[districts[slug] for slug in spec["districts"]],
                themes=[themes[slug] for slug in spec["themes"]],
            )
        for key, specs in sample_content.FACILITIES.items():
            facilities[key] = [
                batch.add_facility(
                    Facility(
                        member=members[key],
                        name=spec["name"] + suffix,
                        name_kana=spec["name_kana"],
                        district_id=districts[spec["district"]],
                        address=spec["address"],
                        phone=spec["phone"],
                        opening_notes=spec["opening_notes"],
                        accessibility_notes=spec["accessibility_notes"],
                        is_sample=True,
                    ),
                    target_groups=[groups[slug] for slug in spec["target_groups"]],
                )
                for spec in specs
            ]
            for facility, spec in zip(facilities[key], specs, strict=True):
                place(facility, spec["district"])
        for spec in sample_content.ACTIVITIES:
            facility_index = spec["facility"]
            activity = batch.add_activity(
                Activity(
                    title=spec["title"] + suffix,
                    kind=spec["kind"],
                    theme_id=themes[spec["theme"]],
                    organiser=members[spec["organiser"]],
                    facility=(
                        None
                        if facility_index is None
                        else facilities[spec["organiser"]][facility_index]
                    ),
                    district_id=districts[spec["district"]],
                    venue=spec.get("venue", ""),
                    open_to_all=spec["open_to_all"],
                    description=spec["description"],
                    schedule=spec["schedule"],
                    weekdays=spec.get("weekdays", []),
                    weeks_of_month=spec.get("weeks_of_month", []),
                    start_time=_time(spec.get("start_time", "")),
                    end_time=_time(spec.get("end_time", "")),
                    schedule_note=spec.get("schedule_note", ""),
                    skips_holidays=spec.get("skips_holidays", False),
                    fee=spec["fee"],
                    how_to_join=spec["how_to_join"],
                    contact=spec["contact"],
                    last_confirmed_on=today - dt.timedelta(days=10),
                    is_sample=True,
                ),
                audiences=[groups[slug] for slug in spec["audiences"]],
                hashtags=[tags[name] for name in spec["hashtags"]],
                sessions=[
                    (
                        _at(today + dt.timedelta(days=days), start),
                        _at(today + dt.timedelta(days=days), end) if end else None,
                        "",
                    )
                    for days, start, end in spec.get("sessions", [])
                ],
                days_off=_year_end_break(today) if spec.get("year_end_break") else [],
            )
            if activity.facility is None:
                place(activity, spec["district"])
            else:  # where its venue is
                batch.place_at(activity, activity.facility)
        meeting_sets.append((suffix, facilities))
        for order, spec in enumerate(sample_content.COORDINATORS, start=1):
            batch.add_coordinator(
                Coordinator(
                    name=spec["name"] + suffix,
                    name_kana=spec["name_kana"],
                    strengths=spec["strengths"],
                    message=spec["message"],
                    order=copy * 10 + order,
                    is_sample=True,
                ),
                districts=[districts[slug] for slug in spec["districts"]],
            )
    batch.save()
    _load_contact_points(today=today, districts=districts)
    _load_meetings(meeting_sets, today=today, districts=districts)
    return len(batch.activities)


def _load_contact_points(*, today: dt.date, districts: dict[str, int]) -> None:
    """One set of sample contact points whatever the copies (every page's footer lists them),
    each closed over the coming 年末年始 (12/29〜1/3)."""
    if ContactPoint.objects.filter(is_sample=True).exists():
        return
    # The winter holidays still ahead or under way (from 1/1 to 1/3: last year's)
    year = today.year - 1 if today.month == 1 and today.day <= 3 else today.year
    for order, spec in enumerate(sample_content.CONTACT_POINTS, start=1):
        district = spec["district"]
        point = ContactPoint.objects.create(
            name=spec["name"] + _sample_suffix(1),
            district_id=districts[district] if district else None,
            postal_code=spec["postal_code"],
            address=spec["address"],
            phone=spec["phone"],
            fax=spec["fax"],
            email=spec["email"],
            access=spec["access"],
            step_free_access=spec["step_free_access"],
            order=order,
            is_sample=True,
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(
                contact_point=point,
                weekday=weekday,
                opens=dt.time.fromisoformat(opens),
                closes=dt.time.fromisoformat(closes),
            )
            for weekday, opens, closes in spec["hours"]
        )
        Closure.objects.create(
            contact_point=point,
            label="年末年始",
            starts_on=dt.date(year, 12, 29),
            ends_on=dt.date(year + 1, 1, 3),
        )


def stations_ensure() -> dict[str, Station]:
    """The stations of sample_content.STATIONS by name: those a coordinator has not entered yet
    are added (is_sample, approximate coordinates); existing rows are left as they are."""
    stations = {station.name: station for station in Station.objects.all()}
    for name, kana, lines, latitude, longitude in sample_content.STATIONS:
        if name not in stations:
            stations[name] = Station.objects.create(
                name=name,
                name_kana=kana,
                lines=lines,
                latitude=Decimal(str(latitude)),
                longitude=Decimal(str(longitude)),
                is_sample=True,
            )
    return stations


def _load_meetings(
    sets: list[tuple[str, dict[str, list[Facility]]]],
    *,
    today: dt.date,
    districts: dict[str, int],
) -> None:
    """The sample meetings of each set just saved (suffix, its facilities by member key)."""
    network = DrivingForce.objects.filter(slug="network").order_by("-plan__number").first()
    for suffix, facilities in sets:
        for spec in sample_content.MEETINGS:
            day = today + dt.timedelta(days=spec["days"])
            facility = None
            if "facility" in spec:
                key, index = spec["facility"]
                facility = facilities[key][index]
            meeting = Meeting.objects.create(
                kind=spec["kind"],
                title=spec["title"] + suffix,
                starts_at=_at(day, spec["start"]),
                ends_at=_at(day, spec["end"]),
                facility=facility,
                place=spec.get("place", ""),
                district_id=districts[spec["district"]] if "district" in spec else None,
                driving_force=network,
                agenda=spec["agenda"],
                audience=spec["audience"],
                minutes=spec.get("minutes", ""),
                is_sample=True,
            )
            if spec.get("minutes_published"):
                meeting.publish_minutes()


def _time(value: str) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


@transaction.atomic
def delete() -> int:
    """Remove every sample member (with its facilities and activities), activity, facility and
    coordinator profile; returns how many activities went."""
    _, deleted = Activity.objects.filter(is_sample=True).delete()
    activities = deleted.get(Activity._meta.label, 0)
    Facility.objects.filter(is_sample=True).delete()
    _, deleted = Member.objects.filter(is_sample=True).delete()
    activities += deleted.get(Activity._meta.label, 0)
    Coordinator.objects.filter(is_sample=True).delete()
    ContactPoint.objects.filter(is_sample=True).delete()
    Station.objects.filter(is_sample=True).delete()
    Meeting.objects.filter(is_sample=True).delete()
    return activities


# --- Benchmark data -------------------------------------------------------------------------

# Invented words spread over the 五十音 rows (and one in Latin letters, for 英数字・その他)
_BENCH_WORDS = [
    "あおば",
    "いずみ",
    "えがお",
    "おおぞら",
    "かえで",
    "きずな",
    "けやき",
    "こだま",
    "さくら",
    "しらかば",
    "すずらん",
    "そよかぜ",
    "たんぽぽ",
    "つばさ",
    "ともしび",
    "なのはな",
    "にじいろ",
    "ぬくもり",
    "のぞみ",
    "はなみずき",
    "ひまわり",
    "ふたば",
    "ほほえみ",
    "まごころ",
    "みのり",
    "めぐみ",
    "やまぶき",
    "ゆうあい",
    "よつば",
    "ライラック",
    "りんどう",
    "れんげ",
    "わかたけ",
    "Bloom",
]
_BENCH_MEMBER_KINDS = [
    ("corporation", "福祉会", "ふくしかい", 6),
    ("npo", "サポートネット", "さぽーとねっと", 2),
    ("commissioners", "地区民生児童委員協議会", "ちくみんせいじどういんきょうぎかい", 1),
    ("community", "の会", "のかい", 2),
    ("other", "工房", "こうぼう", 1),
]
_BENCH_FACILITY_KINDS = [
    ("デイサービス", "でいさーびす", ["elderly"]),
    ("ホーム", "ほーむ", ["elderly", "disabilities"]),
    ("作業所", "さぎょうしょ", ["disabilities"]),
    ("保育園", "ほいくえん", ["children"]),
    ("児童館", "じどうかん", ["children"]),
    ("地域交流センター", "ちいきこうりゅうせんたー", ["elderly", "disabilities", "children"]),
]
# theme slug -> [(title, activity kind)]
_BENCH_ACTIVITY_TITLES = {
    "places-to-belong": [
        ("子ども食堂", "place_to_belong"),
        ("ふれあいサロン", "place_to_belong"),
        ("居場所カフェ", "place_to_belong"),
        ("学習支援教室", "place_to_belong"),
        ("防災訓練", "event"),
    ],
    "work-experience": [("就労体験", "work_experience"), ("しごと体験会", "work_experience")],
    "welfare-education": [
        ("福祉教育講座", "welfare_education"),
        ("車いす体験", "welfare_education"),
        ("地域まつり相談コーナー", "event"),
    ],
}
_BENCH_DESCRIPTIONS = [
    "高齢者の方がお茶を飲みながら話せる居場所です。相談員もいます。",
    "子どもたちが宿題をしたり遊んだりできる居場所です。",
    "障害のある方の就労体験を受け入れています。見学や相談もできます。",
    "地域の方と一緒に福祉について学ぶ講座です。",
    "夕ごはんをみんなで食べる子ども食堂です。大人も参加できます。",
    "介護や子育ての困りごとを気軽に相談できるコーナーです。",
]
_BENCH_TAGS = ["居場所", "子ども食堂", "就労体験", "福祉教育", "防災", "見守り", "相談"]


def bench_generate(
    *,
    members: int,
    facilities: int,
    activities: int,
    seed: int = 6,
    today: dt.date | None = None,
    chunk: int = 2000,
) -> dict[str, int]:
    """Generate a large invented directory for benchmarks (is_sample=True, names marked
    「ベンチ」), in bulk; returns the counts made, occurrences included."""
    import random

    rng = random.Random(seed)  # noqa: S311 -- invented data, not security
    today = today or timezone.localdate()
    reference_data_ensure()
    district_ids = list(District.objects.values_list("pk", flat=True))
    theme_ids = dict(Theme.objects.values_list("slug", "pk"))
    group_ids = dict(TargetGroup.objects.values_list("slug", "pk"))
    tag_ids = [
        Hashtag.objects.get_or_create(name=name, defaults={"is_sample": True})[0].pk
        for name in _BENCH_TAGS
    ]
    kinds = [kind for kind in _BENCH_MEMBER_KINDS for _ in range(kind[3])]
    tokyo = timezone.get_current_timezone()

    batch = _DirectoryBatch(today=today)
    made_members: list[Member] = []
    for n in range(1, members + 1):
        word = rng.choice(_BENCH_WORDS)
        reading = "" if word.isascii() else to_hiragana(word)
        kind, suffix, suffix_reading = rng.choice(kinds)[:3]
        made_members.append(
            batch.add_member(
                Member(
                    name=f"{word}{suffix}（ベンチ{n}）",
                    name_kana=f"{reading}{suffix_reading}" if reading else "",
                    kind=kind,
                    phone="03-0000-0000",
                    description=rng.choice(_BENCH_DESCRIPTIONS),
                    is_sample=True,
                ),
                districts=rng.sample(district_ids, rng.choice([1, 1, 2])),
                themes=rng.sample(list(theme_ids.values()), rng.randint(0, 2)),
            )
        )
    batch.save()

    batch = _DirectoryBatch(today=today)
    run_by: dict[int, list[Facility]] = {}
    for n in range(1, facilities + 1):
        word = rng.choice(_BENCH_WORDS)
        reading = "" if word.isascii() else to_hiragana(word)
        suffix, suffix_reading, groups = rng.choice(_BENCH_FACILITY_KINDS)
        member = rng.choice(made_members)
        facility = batch.add_facility(
            Facility(
                member=member,
                name=f"{word}{suffix}（ベンチ{n}）",
                name_kana=f"{reading}{suffix_reading}" if reading else "",
                district_id=rng.choice(district_ids),
                address="練馬区（ベンチの所在地）",
                opening_notes="平日 9:00〜17:00",
                is_sample=True,
            ),
            target_groups=[group_ids[slug] for slug in groups],
        )
        run_by.setdefault(member.pk, []).append(facility)
    batch.save()

    occurrences = 0
    for start in range(1, activities + 1, chunk):
        batch = _DirectoryBatch(today=today)
        for n in range(start, min(start + chunk, activities + 1)):
            theme = rng.choice(list(_BENCH_ACTIVITY_TITLES))
            title, kind = rng.choice(_BENCH_ACTIVITY_TITLES[theme])
            organiser = rng.choice(made_members)
            own = run_by.get(organiser.pk, [])
            held_at = rng.choice(own) if own and rng.random() < 0.7 else None
            schedule = rng.choices(["dated", "monthly", "weekly"], weights=[4, 4, 2])[0]
            hour = rng.choice([10, 13, 14, 17])
            sessions = []
            if schedule == "dated":
                for days in sorted(rng.sample(range(-60, 150), rng.randint(1, 4))):
                    begins = dt.datetime.combine(
                        today + dt.timedelta(days=days), dt.time(hour), tzinfo=tokyo
                    )
                    sessions.append((begins, begins + dt.timedelta(hours=2), ""))
            activity = batch.add_activity(
                Activity(
                    title=f"{rng.choice(_BENCH_WORDS)}{title}（ベンチ{n}）",
                    kind=kind,
                    theme_id=theme_ids[theme],
                    organiser=organiser,
                    facility=held_at,
                    district_id=held_at.district_id if held_at else rng.choice(district_ids),
                    venue="" if held_at else "地域の集会所（ベンチ）",
                    open_to_all=rng.random() < 0.4,
                    description=rng.choice(_BENCH_DESCRIPTIONS),
                    schedule=schedule,
                    weekdays=sorted(rng.sample(range(7), rng.choice([1, 1, 2])))
                    if schedule != "dated"
                    else [],
                    weeks_of_month=sorted(rng.sample(range(1, 5), 2))
                    if schedule == "monthly"
                    else [],
                    start_time=dt.time(hour),
                    end_time=dt.time(hour + 2),
                    fee=rng.choice(["無料", "100円", "300円"]),
                    how_to_join="電話で申し込んでください。",
                    contact="03-0000-0000",
                    last_confirmed_on=today - dt.timedelta(days=rng.randint(0, 365)),
                    is_sample=True,
                ),
                audiences=rng.sample(list(group_ids.values()), rng.randint(0, 2)),
                hashtags=rng.sample(tag_ids, rng.randint(0, 3)),
                sessions=sessions,
            )
            occurrences += len(
                occurrence_dates(
                    activity,
                    today=today,
                    sessions=[ActivitySession(starts_at=s) for s, _, _ in sessions],
                )
            )
        batch.save()
    return {
        "members": members,
        "facilities": facilities,
        "activities": activities,
        "occurrences": occurrences,
    }
