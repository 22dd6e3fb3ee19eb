"""sitemap.xml: the public pages, each in Japanese and English with its hreflang alternates
(Django's i18n sitemaps). Only what an anonymous visitor may see: published action items,
listed directory entries and contact points, approved stories."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet

from core.easy import ui_languages
from core.links import cached_reverse
from nerizu.models import Story
from networks.models import Activity, ContactPoint, Facility, Member
from pillars.models import ActionItem, DrivingForce, Pillar

# Pages without an object, by URL name (their content is lists and the plan's texts)
STATIC_PAGES = [
    "plan:home",
    "plan:detail",
    "pillars:list",
    "pillars:forces",
    "pillars:hashtags",
    "coordinators:list",
    "consultations:consult",
    "consultations:privacy",
    "consultations:statistics",
    "networks:members",
    "networks:facilities",
    "networks:activities",
    "networks:contact_points",
    "networks:open_data",
    "nerizu:index",
    "nerizu:terms",
    "nerizu:stories",
    "progress:index",
    "progress:forces",
    "progress:districts",
]


class _Bilingual(Sitemap):
    i18n = True  # every page under / (ja) and /en/
    languages = [code for code, _name in ui_languages()]  # not やさしい日本語 (its own pages)
    alternates = True
    x_default = True  # the Japanese page


class StaticPages(_Bilingual):
    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return cached_reverse(item)


class ObjectPages(_Bilingual):
    """Pages of one kind of object, from a queryset of what the public sees."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset

    def items(self) -> QuerySet[Any]:
        return self.queryset.all()  # a fresh query each time (the module keeps the queryset)

    def location(self, item: Model) -> str:
        return item.get_absolute_url()  # type: ignore[attr-defined]


SITEMAPS = {
    "pages": StaticPages,
    "pillars": ObjectPages(Pillar.objects.order_by("number")),
    "forces": ObjectPages(DrivingForce.objects.order_by("number")),
    "action-items": ObjectPages(
        ActionItem.objects.published().select_related("pillar").order_by("pk")
    ),
    "members": ObjectPages(Member.objects.public().order_by("pk").only("pk")),
    "facilities": ObjectPages(Facility.objects.public().order_by("pk").only("pk")),
    "activities": ObjectPages(Activity.objects.public().order_by("pk").only("pk")),
    "contact-points": ObjectPages(ContactPoint.objects.listed().order_by("order", "pk").only("pk")),
    "stories": ObjectPages(Story.objects.approved().order_by("pk").only("pk")),
}
