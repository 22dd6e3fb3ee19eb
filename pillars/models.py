import re
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.easy_text import EasyFields, EasyText, easy_columns
from core.kana import reading_for, to_hiragana
from core.links import cached_reverse
from pillars.permissions import can_preview_drafts
from plan.models import SeededContent


class Pillar(EasyText, SeededContent):
    """One of the plan's three pillars (柱): 認め合う, つながる, 参加する."""

    SEED_FIELDS = ("name", "statement", "body")

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="pillars", verbose_name=_("計画")
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    name = models.CharField(_("名前"), max_length=50, help_text=_("例：認め合う"))
    statement = models.CharField(
        _("目標"), max_length=200, help_text=_("例：一人ひとりの生き方を認め支え合う")
    )
    body = models.TextField(_("本文"), help_text=_("段落は空行で区切ります。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    easy = EasyFields("name", "statement", "body")

    class Meta:
        verbose_name = _("柱")
        verbose_name_plural = _("柱")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_pillar_number")
        ]

    def __str__(self) -> str:
        return f"柱{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return cached_reverse("pillars:detail", number=self.number)


HASHTAG_NAME = re.compile(r"^[#＃]?[^\s#＃/?%]+$")  # a leading # is dropped on save


def validate_hashtag_name(value: str) -> None:
    if not HASHTAG_NAME.match(value):
        raise ValidationError(
            _("空白や「#」「/」「?」「%」を含まない言葉にしてください（例：居場所）。"),
            code="invalid_hashtag",
        )


def _visible_links(user: User | AnonymousUser) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The hashtag links (M2M through rows) of action items, activities and ネリーズ stories
    `user` may see on the public pages (stories: approved ones)."""
    action_links = Hashtag.action_items.through.objects.all()
    if not can_preview_drafts(user):
        action_links = action_links.filter(actionitem__status="published")
    activity_links = Hashtag.activities.through.objects.filter(
        activity__is_listed=True, activity__organiser__is_listed=True
    )
    story_links = Hashtag.stories.through.objects.filter(story__status="approved")
    return action_links, activity_links, story_links


def _count_per_hashtag(links: QuerySet) -> Coalesce:
    """How many of `links` point at the outer hashtag (a correlated subquery)."""
    rows = (
        links.filter(hashtag=OuterRef("pk"))
        .order_by()
        .values("hashtag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class DrivingForce(EasyText, SeededContent):
    """One of the plan's three driving forces (推進力): ネリーズ, the network, coordinators."""

    SEED_FIELDS = ("name", "lead", "body")

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="driving_forces", verbose_name=_("計画")
    )
    number = models.PositiveSmallIntegerField(_("番号（表示順）"))
    slug = models.SlugField(_("URL名"), help_text=_("ページのアドレスに使う英字（例：nerizu）。"))
    name = models.CharField(_("名前"), max_length=100, help_text=_("例：ネリーズ"))
    lead = models.TextField(_("紹介文"), help_text=_("名前のすぐ下と体系図に表示する短い説明。"))
    body = models.TextField(_("本文"), blank=True, help_text=_("段落は空行で区切ります。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    easy = EasyFields("name", "lead", "body")

    class Meta:
        verbose_name = _("推進力")
        verbose_name_plural = _("推進力")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_force_number"),
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_force_slug"),
        ]

    def __str__(self) -> str:
        return f"推進力{self.number}「{self.name}」"

    def get_absolute_url(self) -> str:
        return cached_reverse("pillars:force", slug=self.slug)


class HashtagQuerySet(models.QuerySet["Hashtag"]):
    def with_item_counts(self, user: User | AnonymousUser) -> "HashtagQuerySet":
        """Annotate `action_count` and `activity_count`: the action items and the public
        activities `user` may see that carry each tag (for the admin's sortable columns)."""
        action_links, activity_links, story_links = _visible_links(user)
        return self.annotate(
            action_count=_count_per_hashtag(action_links),
            activity_count=_count_per_hashtag(activity_links),
            story_count=_count_per_hashtag(story_links),
        ).order_by("reading", "name")

    def in_use(self, user: User | AnonymousUser) -> list["Hashtag"]:
        """The tags something visible carries, in 五十音 order, with their counts.

        Counted with one GROUP BY per relation, the three in one query (UNION ALL), and
        merged here: two short queries, where per-tag subqueries cost PostgreSQL a fraction of
        a millisecond for every tag.
        """
        grouped = [
            links.order_by()
            .values("hashtag")
            .annotate(n=Count("pk"), relation=models.Value(index))
            .values_list("relation", "hashtag", "n")
            for index, links in enumerate(_visible_links(user))
        ]
        counts: list[dict[int, int]] = [{}, {}, {}]
        for relation, hashtag, n in grouped[0].union(*grouped[1:], all=True):
            counts[relation][hashtag] = n
        used = counts[0].keys() | counts[1].keys() | counts[2].keys()
        # Every tag, kept if used: a list of a few hundred at most, read without sending
        # the used ones back as parameters
        # cast: django-stubs does not give a custom queryset's own methods its row type.
        tags = cast(
            "list[Hashtag]",
            [tag for tag in self.order_by("reading", "name") if tag.pk in used],
        )
        for tag in tags:
            tag.action_count = counts[0].get(tag.pk, 0)
            tag.activity_count = counts[1].get(tag.pk, 0)
            tag.story_count = counts[2].get(tag.pk, 0)
        return tags


class Hashtag(models.Model):
    """A keyword on action items (and, later, other content), shown as #居場所."""

    name = models.CharField(
        _("ハッシュタグ"),
        max_length=50,
        unique=True,
        validators=[validate_hashtag_name],
        help_text=_("「#」は付けずに入力します（例：居場所）。"),
    )
    reading = models.CharField(
        _("よみがな"),
        max_length=100,
        blank=True,
        help_text=_("五十音順に並べるためのひらがな。空欄なら自動で付けます。"),
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    objects = HashtagQuerySet.as_manager()

    # Counts of what a user may see, set by HashtagQuerySet.in_use() and with_item_counts().
    action_count: int
    activity_count: int
    story_count: int

    class Meta:
        verbose_name = _("ハッシュタグ")
        verbose_name_plural = _("ハッシュタグ")
        ordering = ["reading", "name"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = self.name.strip().lstrip("#＃")
        self.reading = to_hiragana(self.reading.strip()) or reading_for(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return cached_reverse("pillars:hashtag", name=self.name)

    def clean(self) -> None:
        self.name = self.name.strip().lstrip("#＃")

    @property
    def item_count(self) -> int:
        """Everything visible that carries the tag (after in_use() or with_item_counts())."""
        return self.action_count + self.activity_count + self.story_count


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def published(self) -> "ActionItemQuerySet":
        return self.filter(status=ActionItem.Status.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> "ActionItemQuerySet":
        return self if can_preview_drafts(user) else self.published()

    def for_listing(self) -> "ActionItemQuerySet":
        """Everything a list of items renders, in a fixed number of queries."""
        # Each item's tags and forces as lists (`listed_hashtags`, `listed_forces`), read with
        # the items in one more query (_ItemsWithTagsAndForces), not a prefetch each: a card
        # reads them without a manager and a queryset per item and relation, and without the
        # forces' long texts, which no card shows (a tag and a force are read for their link,
        # name and badge only)
        listing = self.select_related("pillar").defer(
            "pillar__statement",
            "pillar__body",
            "pillar__seed_digest",
            *(f"pillar__{column}" for column in easy_columns("statement", "body")),
            "pillar__easy_digests",
        )
        listing._iterable_class = _ItemsWithTagsAndForces
        return listing

    def for_cards(self) -> "ActionItemQuerySet":
        """for_listing() without the columns a list card does not show (the body, the dates)."""
        return self.for_listing().defer(
            "body", "created_at", "updated_at", *easy_columns("body"), "easy_digests"
        )


class _ItemsWithTagsAndForces(models.query.ModelIterable):
    """The items, each with `listed_hashtags` (in the tags' order) and `listed_forces` (in
    the forces' order): both relations read in one query, a UNION ALL of the two link tables
    joined to the few columns a card shows."""

    def __iter__(self) -> Any:
        items = list(super().__iter__())
        if items:
            _attach_tags_and_forces(items, self.queryset.db)
        return iter(items)


def _attach_tags_and_forces(items: list["ActionItem"], db: str) -> None:
    # Written out: the ORM took longer to build this query (two querysets, annotations, a
    # union) than the database took to answer it
    connection = connections[db]
    qn = connection.ops.quote_name
    tag_links = ActionItem.hashtags.through._meta.db_table
    force_links = ActionItem.driving_forces.through._meta.db_table
    ids = [item.pk for item in items]
    marks = ", ".join(["%s"] * len(ids))
    # Quoted table and column names; every value is a parameter
    sql = (
        f"SELECT l.{qn('actionitem_id')}, 0, t.{qn('id')}, t.{qn('name')}, t.{qn('is_sample')},"  # noqa: S608
        f" t.{qn('reading')}, t.{qn('name')}, NULL, NULL, '', ''"
        f" FROM {qn(tag_links)} l INNER JOIN {qn(Hashtag._meta.db_table)} t"
        f" ON t.{qn('id')} = l.{qn('hashtag_id')} WHERE l.{qn('actionitem_id')} IN ({marks})"
        " UNION ALL"
        f" SELECT l.{qn('actionitem_id')}, 1, f.{qn('id')}, f.{qn('name')}, %s, '', '',"
        f" f.{qn('plan_id')}, f.{qn('number')}, f.{qn('slug')}, f.{qn('name_easy')}"
        f" FROM {qn(force_links)} l INNER JOIN {qn(DrivingForce._meta.db_table)} f"
        f" ON f.{qn('id')} = l.{qn('drivingforce_id')} WHERE l.{qn('actionitem_id')} IN ({marks})"
        # the tags in their order (reading, name), then the forces in theirs (plan, number)
        " ORDER BY 2, 6, 7, 8, 9"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, False, *ids])
        rows = cursor.fetchall()
    for item in items:
        item.listed_hashtags = []
        item.listed_forces = []
    by_pk = {item.pk: item for item in items}
    hashtags: dict[int, Hashtag] = {}
    driving_forces: dict[int, DrivingForce] = {}
    for item_id, kind, key, label, sample, _text, _name, _plan, number, slug, easy in rows:
        item = by_pk[item_id]
        if kind == 0:
            tag = hashtags.get(key)
            if tag is None:
                tag = hashtags[key] = _loaded(
                    Hashtag, db, {"id": key, "name": label, "is_sample": bool(sample)}
                )
            item.listed_hashtags.append(tag)
        else:
            force = driving_forces.get(key)
            if force is None:
                force = driving_forces[key] = _loaded(
                    DrivingForce,
                    db,
                    {"id": key, "number": number, "slug": slug, "name": label, "name_easy": easy},
                )
            item.listed_forces.append(force)


def _loaded(model: type[models.Model], db: str, values: dict[str, Any]) -> Any:
    """An instance as a query with only() these columns would have made it."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


class ActionItem(EasyText, models.Model):
    """A concrete action (取組項目) under a pillar, tagged with hashtags."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開")

    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("柱")
    )
    title = models.CharField(_("取組項目名"), max_length=200)
    body = models.TextField(_("内容"), blank=True, help_text=_("段落は空行で区切ります。"))
    hashtags = models.ManyToManyField(
        Hashtag, blank=True, related_name="action_items", verbose_name=_("ハッシュタグ")
    )
    driving_forces = models.ManyToManyField(
        DrivingForce,
        blank=True,
        related_name="action_items",
        verbose_name=_("関わる推進力"),
    )
    order = models.PositiveIntegerField(
        _("表示順"), default=0, help_text=_("小さい数ほど上に表示します。")
    )
    status = models.CharField(
        _("公開状態"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    easy = EasyFields("title", "body")

    objects = ActionItemQuerySet.as_manager()

    # Its tags and forces in their order, set by ActionItemQuerySet.for_listing()
    listed_hashtags: list[Hashtag]
    listed_forces: list[DrivingForce]

    class Meta:
        verbose_name = _("取組項目")
        verbose_name_plural = _("取組項目")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["pillar", "status", "order"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("pillars:action_item", number=self.pillar.number, pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
