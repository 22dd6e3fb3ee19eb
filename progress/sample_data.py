"""Sample progress records for the sample action items (development only): milestones,
indicators and their values, timelines, evaluations, all marked 「サンプル」. Called by
`manage.py load_sample_data` (nerima_portal) after pillars' and networks' sample data."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.fiscal_year import current_fiscal_year
from core.pagecache import content_changed
from networks.models import District, Member, Theme
from networks.services import reference_data_ensure
from pillars.models import ActionItem, Pillar
from plan.models import Plan
from progress.models import (
    Evaluation,
    Indicator,
    IndicatorSnapshot,
    IndicatorValue,
    Milestone,
    PillarComment,
    Status,
    StatusOverride,
    TimelineEntry,
)

# --- Sample data (development only; loaded by `manage.py load_sample_data`) -------------------

SAMPLE_NOTE = "表示確認用のサンプルです。"

# By the sample item's position in its pillar (1–3): milestones as (title, days from today,
# done?), and what its indicators measure. Position 1 reaches its target (達成), position 2 is
# under way and counts the portal's data (実施中), position 3 has not started (未着手).
SAMPLE_MILESTONES = {
    1: [("準備の打ち合わせ", -200, True), ("試しにやってみる", -100, True)],
    2: [
        ("関係者への説明", -120, True),
        ("試しにやってみる", 60, False),
        ("振り返りの会", 200, False),
    ],
    3: [("進め方を話し合う", 90, False)],
}
SAMPLE_GRADES = {1: "A", 2: "B", 3: "C"}
SAMPLE_POSITION_3_DISTRICTS = {1: "nerima", 2: "hikarigaoka", 3: "shakujii"}


def _sample_indicators(pillar: int, position: int, refs: dict) -> list[dict]:
    if position == 1:
        return [
            {
                "name": "講座・会議の開催回数",
                "unit": "回",
                "baseline": 0,
                "target": 12,
                "district": refs["districts"].get("oizumi"),
                "value": 12,
            }
        ]
    if position == 2:
        computed = {
            1: {"name": "練馬地区のネリーズの人数", "unit": "人", "source": Indicator.Source.NERIZU,
                "district": refs["districts"].get("nerima")},
            2: {"name": "ネットに加わる社会福祉法人の数", "unit": "法人",
                "source": Indicator.Source.MEMBERS,
                "member_kind": Member.Kind.SOCIAL_WELFARE_CORPORATION},
            3: {"name": "交流の場・居場所づくりの活動の数", "unit": "件",
                "source": Indicator.Source.ACTIVITIES,
                "theme": refs["themes"].get("places-to-belong")},
        }[pillar]  # fmt: skip
        return [{"baseline": 0, "target": 10, **computed}]
    return [
        {
            "name": "参加した人の数",
            "unit": "人",
            "baseline": 50,
            "target": 200,
            "district": refs["districts"].get(SAMPLE_POSITION_3_DISTRICTS[pillar]),
        }
    ]


@transaction.atomic
def load(*, today: dt.date | None = None) -> int:
    """Milestones, indicators, values, timeline entries and evaluations for every sample action
    item that has none yet (so loading twice adds nothing); all is_sample=True and shown with
    a 「サンプル」 badge. Returns how many action items got them."""
    plan = Plan.objects.current()
    if plan is None:
        return 0
    today = today or timezone.localdate()
    first_year = plan.start_fiscal_year
    reference_data_ensure()
    refs = {
        "districts": {d.slug: d for d in District.objects.all()},
        "themes": {t.slug: t for t in Theme.objects.all()},
    }
    items = (
        ActionItem.objects.filter(is_sample=True, pillar__plan=plan)
        .exclude(milestones__is_sample=True)
        .select_related("pillar")
    )
    milestones, values, snapshots, entries, evaluations = [], [], [], [], []
    made = 0
    for item in items:
        position = item.order % 10
        if position not in SAMPLE_MILESTONES:
            continue
        made += 1
        for order, (title, days, done) in enumerate(SAMPLE_MILESTONES[position], start=1):
            day = today + dt.timedelta(days=days)
            milestones.append(
                Milestone(
                    action_item=item,
                    title=f"{title}（サンプル）",
                    description=SAMPLE_NOTE,
                    target_date=day,
                    done_on=day if done else None,
                    order=order,
                    is_sample=True,
                )
            )
        for order, spec in enumerate(
            _sample_indicators(item.pillar.number, position, refs), start=1
        ):
            value = spec.pop("value", None)
            indicator = Indicator.objects.create(
                action_item=item, order=order, is_sample=True, **spec
            )
            if value is not None:
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        fiscal_year=first_year,
                        value=Decimal(value),
                        note=SAMPLE_NOTE,
                        is_sample=True,
                    )
                )
            if indicator.is_computed and first_year < current_fiscal_year(today=today):
                snapshots.append(
                    IndicatorSnapshot(indicator=indicator, fiscal_year=first_year, value=2)
                )
        for days, title in ((-150, "打ち合わせを開きました"), (-30, "試しにやってみました")):
            entries.append(
                TimelineEntry(
                    action_item=item,
                    date=today + dt.timedelta(days=days),
                    title=f"{title}（サンプル）",
                    text=SAMPLE_NOTE + "取組の経過を、日付ごとにこのように載せます。",
                    is_sample=True,
                )
            )
        evaluations.append(
            Evaluation(
                fiscal_year=first_year,
                action_item=item,
                grade=SAMPLE_GRADES[position],
                done=SAMPLE_NOTE + "この年度に取り組んだことを書きます。",
                issues=SAMPLE_NOTE + "見えてきた課題を書きます。",
                next_direction=SAMPLE_NOTE + "次年度にどう進めるかを書きます。",
                is_published=True,
                is_sample=True,
            )
        )
        if item.pillar.number == 2 and position == 3:
            StatusOverride.objects.get_or_create(
                action_item=item,
                defaults={
                    "status": Status.UNDER_REVIEW,
                    "reason": SAMPLE_NOTE
                    + "進め方を見直しているため、いったん「見直し」としています。",
                },
            )
    Milestone.objects.bulk_create(milestones)
    IndicatorValue.objects.bulk_create(values)
    IndicatorSnapshot.objects.bulk_create(snapshots)
    TimelineEntry.objects.bulk_create(entries)
    Evaluation.objects.bulk_create(evaluations, ignore_conflicts=True)
    content_changed()  # bulk_create sends no signal: cached pages go after the commit
    for pillar in Pillar.objects.filter(plan=plan):
        PillarComment.objects.get_or_create(
            fiscal_year=first_year,
            pillar=pillar,
            defaults={
                "comment": SAMPLE_NOTE + "評価委員会からのコメントをここに載せます。",
                "is_published": True,
                "is_sample": True,
            },
        )
    return made


@transaction.atomic
def delete() -> int:
    """Remove the sample records that do not go with the sample action items (those cascade)."""
    count, _ = PillarComment.objects.filter(is_sample=True).delete()
    for model in (Milestone, Indicator, TimelineEntry, Evaluation):
        deleted, _ = model.objects.filter(is_sample=True).delete()
        count += deleted
    return count
