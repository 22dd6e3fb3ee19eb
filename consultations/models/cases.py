"""The case (相談ケース): its categories, its number and the visibility rule."""

import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import Any, ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from consultations.models.base import ProtectedModel, ProtectedQuerySet
from consultations.models.search_keys import phone_digits, search_reading
from consultations.models.teams import Team
from consultations.permissions import case_scope
from core.crypto import blind_index
from core.fields import EncryptedTextField
from core.fiscal_year import fiscal_year_of


class Category(models.Model):
    """A kind of concern (生活困窮, 8050問題 …); the admin can add more."""

    name = models.CharField(_("名前"), max_length=50, unique=True)
    slug = models.SlugField(_("URL名"), unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(
        _("使用中"), default=True, help_text=_("外すと新しいケースでは選べなくなります。")
    )

    class Meta:
        verbose_name = _("相談分類")
        verbose_name_plural = _("相談分類")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseCounter(models.Model):
    """The last case number given in a fiscal year; incremented in the database, no race."""

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ケース番号の採番")
        verbose_name_plural = _("ケース番号の採番")

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last}"

    @classmethod
    def next_number(cls, fiscal_year: int) -> str:
        """`YYYY-NNNNNN`. The UPDATE … SET last = last + 1 locks the row (PostgreSQL) or the
        database (SQLite) until the caller's transaction ends, so two intakes never share a
        number. Call inside transaction.atomic()."""
        with transaction.atomic():
            cls.objects.get_or_create(fiscal_year=fiscal_year)
            cls.objects.filter(fiscal_year=fiscal_year).update(last=models.F("last") + 1)
            last = cls.objects.values_list("last", flat=True).get(fiscal_year=fiscal_year)
        return f"{fiscal_year}-{last:06d}"


_UNKNOWN = object()  # a case's person as read from the database, when it was not read


class CaseQuerySet(ProtectedQuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "CaseQuerySet":
        """THE visibility rule. A user sees a case when they are its 主担当 or 副担当, a
        supervisor of its team, or a member of its team and the case is 通常 (not 制限).
        Nobody else: not coordinators, not administrators, not superusers (they have the
        admin's break-glass view, which records a reason). Without a confirmed second factor,
        nothing at all."""
        scope = case_scope(user)
        if scope is None:
            return self.none()
        # Built from the scope alone, so that the scope can stand for the condition (the
        # dashboard keeps its panels' SQL by it).
        condition = models.Q(primary_staff=scope.user_id) | models.Q(secondary_staff=scope.user_id)
        if scope.supervised:
            condition |= models.Q(team__in=scope.supervised)
        if scope.member_only:
            condition |= models.Q(
                team__in=scope.member_only, confidentiality=Case.Confidentiality.NORMAL
            )
        return self.filter(condition)

    def open(self) -> "CaseQuerySet":
        return self.exclude(status__in=Case.CLOSED_STATUSES)

    def closed(self) -> "CaseQuerySet":
        return self.filter(status__in=Case.CLOSED_STATUSES)

    def search(self, text: str) -> "CaseQuerySet":
        """A case number (2025-000123, or its serial 123), a kana reading or a phone number."""
        text = unicodedata.normalize("NFKC", text).strip()
        if not text:
            return self
        if CASE_NUMBER.fullmatch(text):
            return self.filter(number=text)
        digits = phone_digits(text)
        if digits and digits == text.replace("-", "").replace(" ", ""):
            if len(digits) <= 6:
                return self.filter(number__endswith=f"-{int(digits):06d}")
            return self.filter(person__phone_index=blind_index(digits, purpose="phone"))
        # The person's reading as the case row keeps it (Case.person_kana_key): the list walks
        # its covering index and never reads the persons.
        return self.filter(person__isnull=False, person_kana_key__contains=search_reading(text))

    def in_category(self, category_pk: int) -> "CaseQuerySet":
        """Cases filed under the category (read from Case.category_keys)."""
        return self.filter(category_keys__contains=category_key(category_pk))


CASE_NUMBER = re.compile(r"\d{4}-\d{6}")
# Case.category_keys: each category's key between bars, "|1|5|", so that "|1|" is found in it
# and "|11|" is not.
CATEGORY_SEPARATOR = "|"


def category_key(category_pk: int) -> str:
    return f"{CATEGORY_SEPARATOR}{category_pk}{CATEGORY_SEPARATOR}"


def category_keys(category_pks: "Iterable[int]") -> str:
    pks = sorted(set(category_pks))
    if not pks:
        return ""
    return CATEGORY_SEPARATOR + CATEGORY_SEPARATOR.join(map(str, pks)) + CATEGORY_SEPARATOR


# What the visibility rule (CaseQuerySet.visible_to) reads of a case.
VISIBILITY_COLUMNS = ["team", "primary_staff", "secondary_staff", "confidentiality"]


class Case(ProtectedModel):
    """A consultation and its handling, from intake to closure."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("来所")
        PHONE = "phone", _("電話")
        OUTREACH = "outreach", _("訪問・アウトリーチ")
        EMAIL = "email", _("メール")
        WEB = "web", _("Web相談")
        REFERRAL = "referral", _("関係機関からの紹介")

    class CameFrom(models.TextChoices):
        SELF = "self", _("本人")
        FAMILY = "family", _("家族")
        RELATIVE = "relative", _("親族")
        COMMISSIONER = "commissioner", _("民生委員・児童委員")
        AGENCY = "agency", _("他機関（関係機関）")
        NEIGHBOUR = "neighbour", _("近隣住民")
        OTHER = "other", _("その他")
        # A web inquiry whose writer did not say who they are (the form does not force it).
        UNKNOWN = "unknown", _("不明")

    class HouseholdType(models.TextChoices):
        """世帯の類型: derived from the household members where the rule can tell
        (consultations.models.households.derive_household_type), or chosen by staff."""

        UNKNOWN = "", _("不明・未記入")
        EIGHTY_FIFTY = "8050", _("8050世帯（高齢の親と中高年の子）")
        SINGLE_ELDERLY = "single_elderly", _("単身高齢世帯")
        ELDERLY_COUPLE = "elderly_couple", _("高齢夫婦世帯")
        SINGLE_PARENT = "single_parent", _("ひとり親世帯")
        DISABILITY = "disability", _("障害のある方のいる世帯")
        SINGLE = "single", _("単身世帯（高齢でない）")
        OTHER = "other", _("その他の世帯")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("通常")
        HIGH = "high", _("高い")
        URGENT = "urgent", _("緊急")

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("通常")
        RESTRICTED = "restricted", _("制限（DV・虐待・職員の親族など）")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        ASSESSMENT = "assessment", _("アセスメント")
        SUPPORT = "support", _("支援中")
        CLOSED = "closed", _("終結")
        INFO_ONLY = "info_only", _("情報提供のみで終了")
        REFERRED_OUT = "referred_out", _("他機関へつなぎ")
        SUSPENDED = "suspended", _("中断")
        RESUMED = "resumed", _("再開")

    class Outcome(models.TextChoices):
        NONE = "", _("（未終結）")
        RESOLVED = "resolved", _("解決")
        PARTLY_RESOLVED = "partly", _("一部解決")
        INFORMATION_GIVEN = "information", _("情報提供")
        REFERRED = "referred", _("他機関につないだ")
        NO_CONTACT = "no_contact", _("連絡が取れなくなった")
        OTHER = "other", _("その他")

    # Where a case may go from each status (受付 → アセスメント → 支援中 → 終結; 受付 →
    # 情報提供のみで終了 / 他機関へつなぎ; any open status → 中断; 中断 → 再開 → 支援中 …).
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.RECEIVED: (
            Status.ASSESSMENT,
            Status.INFO_ONLY,
            Status.REFERRED_OUT,
            Status.SUSPENDED,
        ),
        Status.ASSESSMENT: (Status.SUPPORT, Status.SUSPENDED),
        Status.SUPPORT: (Status.CLOSED, Status.SUSPENDED),
        Status.SUSPENDED: (Status.RESUMED,),
        Status.RESUMED: (Status.SUPPORT, Status.SUSPENDED),
        Status.CLOSED: (),
        Status.INFO_ONLY: (),
        Status.REFERRED_OUT: (),
    }
    CLOSED_STATUSES: ClassVar[tuple[str, ...]] = (
        Status.CLOSED,
        Status.INFO_ONLY,
        Status.REFERRED_OUT,
    )

    number = models.CharField(_("ケース番号"), max_length=11, unique=True, editable=False)
    received_on = models.DateField(_("受付日"), default=timezone.localdate)
    channel = models.CharField(_("相談経路"), max_length=20, choices=Channel.choices)
    came_from = models.CharField(_("相談者"), max_length=20, choices=CameFrom.choices)
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地区"),
    )
    categories = models.ManyToManyField(Category, related_name="cases", verbose_name=_("相談分類"))
    household_type = models.CharField(
        _("世帯の類型"),
        max_length=20,
        choices=HouseholdType.choices,
        blank=True,
        default="",
        help_text=_("「世帯員から判定する」を選ぶと、本人と世帯員の続柄・年代・同居から決めます。"),
    )
    main_concern = EncryptedTextField(_("主訴"), blank=True)
    urgency = models.CharField(
        _("緊急度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    confidentiality = models.CharField(
        _("閲覧制限"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
        help_text=_("「制限」のケースは担当者とチームの主任相談員だけが見られます。"),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    primary_staff = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_cases",
        verbose_name=_("主担当"),
    )
    secondary_staff = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secondary_cases",
        verbose_name=_("副担当"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("チーム")
    )
    person = models.ForeignKey(
        "consultations.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("本人"),
    )
    inquiry = models.OneToOneField(
        "consultations.Inquiry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("Webからの申込み"),
    )
    closed_on = models.DateField(_("終了日"), null=True, blank=True)
    outcome = models.CharField(
        _("結果"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    # Retention (`apply_retention`): when it anonymised the case, or until when it waits
    # because a referral is younger than three years.
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True, editable=False)
    retention_postponed_until = models.DateField(
        _("保存延長（つなぎの記録）"), null=True, blank=True, editable=False
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    # Copies kept on the case row for the list's search and category filter, which walk the
    # list's covering indexes (Meta.indexes) instead of probing the persons and the
    # categories' links for each case. The person's reading is Person.kana_key, already
    # stored in plain text for search, nothing more. Kept in step by save() here, by
    # Person.save() and by any change of the case's categories (_keep_category_keys).
    person_kana_key = models.CharField(max_length=100, blank=True, default="", editable=False)
    category_keys = models.TextField(blank=True, default="", editable=False)

    objects = CaseQuerySet.as_manager()

    TRACKED_FIELDS = (
        "received_on",
        "channel",
        "came_from",
        "district",
        "main_concern",
        "household_type",
        "urgency",
        "confidentiality",
        "status",
        "primary_staff",
        "secondary_staff",
        "team",
        "person",
        "closed_on",
        "outcome",
    )

    class Meta:
        verbose_name = _("相談ケース")
        verbose_name_plural = _("相談ケース")
        ordering = ["-received_on", "-pk"]
        permissions = [
            ("supervise_case", _("チームのすべてのケースを見る（主任相談員）")),
            ("export_case", _("ケースの一覧・統計を書き出す")),
            ("break_glass_case", _("理由を記録して管理画面でケースを見る")),
        ]
        indexes = [
            # The case list: newest first, narrowed by team (the visibility rule), status,
            # assignee and dates. Each index serves one of those filters with the ordering.
            # The two list indexes carry every column the visibility rule and the filters test
            # (INCLUDE, PostgreSQL), so a page's rows and the capped count are found from the
            # index alone; only the 50 rows shown are read from the table (CappedPaginator).
            models.Index(
                fields=["-received_on", "-id"],
                include=[
                    *VISIBILITY_COLUMNS,
                    "status",
                    "district",
                    "person",
                    "person_kana_key",
                    "category_keys",
                ],
                name="case_list_covering",
            ),
            models.Index(
                fields=["status", "-received_on", "-id"],
                include=[*VISIBILITY_COLUMNS, "category_keys"],
                name="case_status_list_covering",
            ),
            models.Index(fields=["team", "-received_on", "-id"], name="case_team_received"),
            models.Index(fields=["primary_staff", "status"], name="case_primary_status"),
            models.Index(fields=["secondary_staff", "status"], name="case_secondary_status"),
            models.Index(fields=["district", "-received_on"], name="case_district_received"),
            models.Index(fields=["status", "closed_on"], name="case_status_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        case = super().from_db(db, field_names, values, **kwargs)
        case._saved_person_id = case.__dict__.get("person_id", _UNKNOWN)
        return case

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The person's reading is copied when the case gets (or changes) its person. Otherwise
        the two copies are not written at all: they may have been brought up to date (the
        person's reading corrected, a category added) since this case was read; nor is the
        person when this copy did not change it, so that the person and the copy of their
        reading are written together or not at all. The reading is read and the case written
        in one transaction (_person_reading holds the person's row until it ends); an
        unchanged person is not locked (Person.save, which holds that row, may be waiting for
        this case's)."""
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            update_fields = kwargs.get("update_fields")
            if update_fields is None and self._state.adding:
                self.person_kana_key = self._person_reading()
                self.category_keys = ""  # its categories are added once it is saved
            else:
                if update_fields is None:
                    deferred = self.get_deferred_fields()
                    fields = [
                        field.name
                        for field in self._meta.concrete_fields
                        if not field.primary_key
                        and field.attname not in deferred
                        and field.name not in self.KEPT_COPIES
                    ]
                else:  # "person_id" is "person"
                    fields = [self._meta.get_field(name).name for name in update_fields]
                if "person" in fields:
                    if self.person_id != getattr(self, "_saved_person_id", _UNKNOWN):
                        self.person_kana_key = self._person_reading()
                        fields.append("person_kana_key")
                    else:
                        # The person as read is left as it stands, with its copy: another
                        # request may have given the case another person since.
                        fields.remove("person")
                kwargs["update_fields"] = fields
            super().save(*args, **kwargs)
        self._saved_person_id = self.__dict__.get("person_id", _UNKNOWN)

    # The copies save() leaves alone unless it has to (see save()).
    KEPT_COPIES = ("person_kana_key", "category_keys")
    _saved_person_id: object  # person_id as read from the database (_UNKNOWN: not read)

    def _person_reading(self) -> str:
        """The person's reading as committed, read with a lock on their row (FOR NO KEY
        UPDATE, PostgreSQL) held until this transaction ends: a correction of the reading
        committed meanwhile is read (the lock waits for it), and one that comes later waits for
        this case to be written, so that Person.save's update of the person's cases finds it.
        Read from the database even when the person is at hand: that copy may be older."""
        if self.person_id is None:
            return ""
        persons = self._meta.get_field("person").related_model._default_manager  # type: ignore[union-attr]
        return (
            persons.select_for_update(no_key=True)
            .filter(pk=self.person_id)
            .values_list("kana_key", flat=True)
            .first()
            or ""
        )

    # No get_absolute_url, on purpose: the admin's "view on site" shortcut (/admin/r/<type>/<pk>/)
    # would turn any primary key into this case's number for anyone who may enter the admin.
    # Pages link to a case with {% url "staff:case" case.number %}.

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def is_restricted(self) -> bool:
        return self.confidentiality == self.Confidentiality.RESTRICTED

    def can_move_to(self, new_status: str) -> bool:
        return new_status in self.TRANSITIONS.get(self.status, ())

    def next_statuses(self) -> list[tuple[str, StrOrPromise]]:
        return [(s, self.Status(s).label) for s in self.TRANSITIONS.get(self.status, ())]

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.received_on)


def _keep_category_keys(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Case.category_keys follows every change of a case's categories, from either side
    (`case.categories.set(…)`, `category.cases.add(…)`, the admin's form), read back from the
    links once they are written."""
    if reverse and action == "pre_clear":  # the category's cases, before the links go
        instance._cleared_cases = list(  # type: ignore[attr-defined]
            sender._default_manager.filter(category_id=instance.pk).values_list(
                "case_id", flat=True
            )
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # A category's cases (reverse), or the one case whose categories changed.
    cases = set(pk_set or instance.__dict__.pop("_cleared_cases", ())) if reverse else {instance.pk}
    if not cases:
        return
    # The cases' rows are locked (PostgreSQL; until the change's transaction ends) before their
    # links are read: of two changes of one case's categories at once, the second reads the
    # links after the first has committed, its own and the first's, and writes both.
    list(
        Case.objects.select_for_update(no_key=True)
        .filter(pk__in=cases)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links: dict[int, list[int]] = {pk: [] for pk in cases}
    for case_id, category_id in sender._default_manager.filter(case_id__in=cases).values_list(
        "case_id", "category_id"
    ):
        links[case_id].append(category_id)
    for case_id, categories in links.items():
        keys = category_keys(categories)
        Case.objects.filter(pk=case_id).exclude(category_keys=keys)._sanctioned_update(
            category_keys=keys
        )
        if not reverse:
            instance.category_keys = keys  # type: ignore[attr-defined]


models.signals.m2m_changed.connect(
    _keep_category_keys, sender=Case.categories.through, dispatch_uid="case_category_keys"
)
