"""The search index: one row per record site search can find, its text folded once.

Search reads this table only (search/services.py); the records' own tables are not touched
while searching. search/indexing.py writes it: on every save through the signals
(search/receivers.py), after bulk imports (`core.signals.records_written`), and in full with
`manage.py rebuild_search_index`. A record's row is removed with it: each row points at its
record with a cascading foreign key, so any delete (admin, cascade, queryset) takes it along.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nerizu.models import Story
from networks.models import Activity, Facility, Member
from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
from plan.models import Plan


def _record(model: type[models.Model]) -> "models.ForeignKey[models.Model | None]":
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )


class Entry(models.Model):
    """One searchable record: what a result shows, and its text folded (core.kana.fold)."""

    class Kind(models.TextChoices):
        # In the order results of equal score are listed
        PLAN = "plan", _("計画")
        PILLAR = "pillar", _("柱")
        FORCE = "force", _("推進力")
        ACTION_ITEM = "action_item", _("取組項目")
        HASHTAG = "hashtag", _("ハッシュタグ")
        MEMBER = "member", _("会員（法人・団体）")
        FACILITY = "facility", _("施設・事業所")
        ACTIVITY = "activity", _("活動・参加の機会")
        STORY = "story", _("ネリーズの活動紹介")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(_("種類の順"))
    object_id = models.PositiveBigIntegerField(_("レコードのID"))
    # Exactly one of these is set: the record itself (its deletion deletes this row).
    plan = _record(Plan)
    pillar = _record(Pillar)
    force = _record(DrivingForce)
    action_item = _record(ActionItem)
    hashtag = _record(Hashtag)
    member = _record(Member)
    facility = _record(Facility)
    activity = _record(Activity)
    story = _record(Story)
    # False: found only by those who preview drafts (a draft action item, marked 下書き).
    is_public = models.BooleanField(_("公開"), default=True)
    is_draft = models.BooleanField(_("下書き"), default=False)
    is_sample = models.BooleanField(_("サンプル"), default=False)
    # What a result shows: title, link (URL name and arguments, reversed in the reader's
    # language) and the texts a snippet is cut from, first choice first.
    title = models.CharField(_("題名"), max_length=500)
    route = models.CharField(_("URL名"), max_length=100)
    route_kwargs = models.JSONField(_("URLの引数"), default=dict)
    snippets = models.JSONField(_("抜粋のもと"), default=list)
    # Folded text (core.kana.fold), and the same with every character written three times so
    # that pg_trgm's trigram indexes serve terms of one and two characters too: the title and
    # name reading apart from the other fields (search lists title matches first; see
    # search/services.py).
    title_folded = models.TextField(_("題名（検索用）"))
    title_grams = models.TextField(_("題名とよみがなの検索用文字列"))
    body_grams = models.TextField(_("そのほかの項目の検索用文字列"), blank=True)
    indexed_at = models.DateTimeField(_("索引を作った日時"), auto_now=True)

    class Meta:
        verbose_name = _("検索索引の項目")
        verbose_name_plural = _("検索索引")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            # Results in the order they are listed, read until a page is full
            models.Index(fields=["kind_order", "object_id"], name="search_entry_listing"),
            models.Index(fields=["title_folded"], name="search_entry_title"),
        ]
        # The trigram indexes on `title_grams` and `body_grams` are PostgreSQL-only: migration 0004.

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
