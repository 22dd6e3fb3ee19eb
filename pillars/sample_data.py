"""Sample content for exploring the pages locally. Never loaded in production.

Every record made here has is_sample=True and shows a 「サンプル」 badge on public pages. The
texts are the project's own placeholders, not the plan's wording.
"""

from django.db import transaction

from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
from plan.models import Plan

SAMPLE_BODY = (
    "表示確認用のサンプルです。第6次地域福祉活動計画の取組項目ではありません。"
    "\n\nコーディネーターが管理画面から本物の取組項目を登録すると、このように表示されます。"
)

# pillar number -> [(title, hashtags, driving force slugs)]
SAMPLE_ITEMS: dict[int, list[tuple[str, list[str], list[str]]]] = {
    1: [
        ("身近な相談窓口の案内", ["相談", "8050問題"], ["coordinators"]),
        ("権利擁護を知る講座", ["権利擁護", "福祉教育"], ["coordinators", "network"]),
        ("見守りの目を増やす", ["見守り", "相談"], ["nerizu"]),
    ],
    2: [
        ("地区ごとの顔の見える会議", ["見守り", "防災"], ["network", "coordinators"]),
        ("法人と地域団体の連携", ["就労体験", "居場所"], ["network"]),
        ("災害に備えるつながりづくり", ["防災"], ["nerizu", "network"]),
    ],
    3: [
        ("子ども食堂の紹介", ["子ども食堂", "居場所"], ["nerizu", "network"]),
        ("誰でも参加できるサロン", ["居場所", "見守り"], ["nerizu"]),
        ("学校での福祉教育", ["福祉教育"], ["network", "coordinators"]),
    ],
}

# やさしい日本語 versions of two sample items (the first set only), so the easy pages can be
# explored with and without one. Sample records only: the plan's own texts get easy versions
# from coordinators, never from this loader.
SAMPLE_EASY_BODY = (
    "これは 見本（サンプル）です。第6次地域福祉活動計画の 取組項目では ありません。"
    "\n\nコーディネーターが 管理画面で 本物の 取組項目を 入れると、このように 見えます。"
)
SAMPLE_EASY_TITLES = {
    "身近な相談窓口の案内": "近くで そうだん できる ところの 案内",
    "誰でも参加できるサロン": "だれでも 来られる サロン",
}


class NoPlanError(Exception):
    """Sample items need the plan's pillars: run load_plan first."""


@transaction.atomic
def load(*, copies: int = 1) -> int:
    """Create (idempotently) `copies` sets of sample hashtags and action items; returns how
    many items there are."""
    plan = Plan.objects.current()
    if plan is None:
        raise NoPlanError("No published plan: run `manage.py load_plan` first.")
    pillars = {p.number: p for p in Pillar.objects.filter(plan=plan)}
    forces = {f.slug: f for f in DrivingForce.objects.filter(plan=plan)}
    made = 0
    for copy in range(1, copies + 1):
        suffix = "" if copy == 1 else str(copy)
        for number, items in SAMPLE_ITEMS.items():
            if number not in pillars:
                continue
            for position, (title, tag_names, force_slugs) in enumerate(items, start=1):
                item, _ = ActionItem.objects.get_or_create(
                    pillar=pillars[number],
                    title=f"{title}{suffix}",
                    is_sample=True,
                    defaults={
                        "body": SAMPLE_BODY,
                        "order": copy * 10 + position,
                        "status": ActionItem.Status.PUBLISHED,
                        **_easy_versions(title, copy),
                    },
                )
                item.hashtags.set(
                    Hashtag.objects.get_or_create(
                        name=f"{name}{suffix}", defaults={"is_sample": True}
                    )[0]
                    for name in tag_names
                )
                item.driving_forces.set(forces[slug] for slug in force_slugs if slug in forces)
                made += 1
    return made


def _easy_versions(title: str, copy: int) -> dict[str, str]:
    if copy != 1 or title not in SAMPLE_EASY_TITLES:
        return {}
    return {"title_easy": SAMPLE_EASY_TITLES[title], "body_easy": SAMPLE_EASY_BODY}


@transaction.atomic
def delete() -> int:
    """Remove every sample action item and hashtag; returns how many action items went."""
    count, _ = ActionItem.objects.filter(is_sample=True).delete()
    Hashtag.objects.filter(is_sample=True).delete()
    return count
