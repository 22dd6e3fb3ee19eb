import datetime as dt
import re
import secrets
import unicodedata
from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from consultations.permissions import can_view_inquiries
from core.crypto import blind_index
from core.fields import EncryptedTextField
from core.fiscal_year import fiscal_year_of

# Reference numbers avoid look-alike characters (0/O, 1/I/L) so they can be read out by phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "InquiryQuerySet":
        """Consultation staff (with MFA) see the triage queue; an inquiry already taken into a
        case is visible only to those who may see that case (a restricted case hides its
        inquiry too). Nobody else sees any."""
        if not can_view_inquiries(user):
            return self.none()
        return self.filter(
            models.Q(case__isnull=True) | models.Q(case__in=Case.objects.visible_to(user))
        )

    def sent_since(self, since: dt.datetime, *, sender_key: str) -> "InquiryQuerySet":
        """What one sender (a hashed address, see services.sender_key_for) sent since a time."""
        return self.filter(sender_key=sender_key, received_at__gte=since)


class Inquiry(models.Model):
    """A request sent through 「コーディネーターに相談する」; staff take it into a case.

    Personal data: visible to consultation staff only (see accounts/roles.py).
    """

    class Topic(models.TextChoices):
        LIVING = "living", _("暮らし・お金のこと")
        CARE = "care", _("介護・高齢のこと")
        DISABILITY = "disability", _("障害のこと")
        CHILDREN = "children", _("子ども・子育てのこと")
        ISOLATION = "isolation", _("孤立・ひきこもりのこと")
        NEIGHBOURHOOD = "neighbourhood", _("地域の活動・ボランティアのこと")
        OTHER = "other", _("その他")

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("電話")
        EMAIL = "email", _("メール")
        NONE = "none", _("連絡は不要")

    class Status(models.TextChoices):
        NEW = "new", _("未対応")
        TAKEN = "taken", _("対応中")
        CLOSED = "closed", _("対応済み")

    reference = models.CharField(
        _("受付番号"), max_length=9, unique=True, default=new_reference, editable=False
    )
    # What the resident wrote is encrypted like case data (core.fields): nothing filters on it
    # (staff find an inquiry by its reference, the rate limit by sender_key).
    name = EncryptedTextField(_("お名前"), max_length=100, blank=True)
    contact_method = models.CharField(_("連絡方法"), max_length=10, choices=ContactMethod.choices)
    phone = EncryptedTextField(_("電話番号"), max_length=20, blank=True)
    email = EncryptedTextField(_("メールアドレス"), max_length=254, blank=True)
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("お住まいの地区"),
    )
    topic = models.CharField(_("相談の内容"), max_length=20, choices=Topic.choices)
    message = EncryptedTextField(_("ご相談の内容"), max_length=4000)
    consented_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"))
    # HMAC of the sender's network address: lets the form count recent submissions (rate limit)
    # without storing the address itself.
    sender_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.NEW)
    received_at = models.DateTimeField(_("受付日時"), auto_now_add=True, db_index=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談の申込み")
        verbose_name_plural = _("相談の申込み")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["sender_key", "received_at"], name="inquiry_sender_recent")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return not self.name

    @property
    def wants_reply(self) -> bool:
        return self.contact_method != self.ContactMethod.NONE


# =============================================================================================
# The consultation record (相談ケース) and its protection
# =============================================================================================
#
# Personal data lives here: 要配慮個人情報 under the APPI. Three rules hold throughout:
# - Who sees a case is decided once, by CaseQuerySet.visible_to (consultations.permissions
#   answers the other questions). Views and exports never filter by hand.
# - Free text and contact details are EncryptedTextField (core/fields.py, core/crypto.py).
# - Case data is never deleted and never bulk-changed: querysets refuse update()/delete(), the
#   audit tables (AccessLog, ChangeRecord, Entry) refuse even a save() of an existing row.
#   Workflows in consultations/services.py write every change with its ChangeRecord; retention
#   (`apply_retention`) anonymises instead of deleting.


class AppendOnlyError(RuntimeError):
    """A write that would change or remove recorded case history."""


class ProtectedQuerySet(models.QuerySet):
    """No bulk changes and no deletes: each change goes through a service with its history."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(
            f"{self.model._meta.label}: bulk updates are not allowed (no change history)."
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model._meta.label}: case data is never deleted.")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError(
            f"{self.model._meta.label}: bulk updates are not allowed (no change history)."
        )

    def _sanctioned_update(self, **fields: Any) -> int:
        """The only bulk write: retention's anonymisation, key rotation and marking an entry
        version superseded. Callers record what they did (DisposalLog, ChangeRecord)."""
        return super().update(**fields)


class ProtectedModel(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self._meta.label}: case data is never deleted.")


class AppendOnlyModel(ProtectedModel):
    """A row is written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label}: recorded rows are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


# --- Configuration (the admin; 管理者) ----------


class Team(models.Model):
    """A team of consultation staff (自立相談支援, 生活福祉資金, 地域福祉)."""

    name = models.CharField(_("名前"), max_length=50, unique=True)
    slug = models.SlugField(_("URL名"), unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    members = models.ManyToManyField(
        "accounts.User",
        through="TeamMembership",
        related_name="consultation_teams",
        verbose_name=_("メンバー"),
    )

    class Meta:
        verbose_name = _("チーム")
        verbose_name_plural = _("チーム")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("職員"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("チーム")
    )
    is_supervisor = models.BooleanField(
        _("主任相談員"),
        default=False,
        help_text=_("チームのすべてのケース（制限ケースを含む）を見られます。"),
    )

    class Meta:
        verbose_name = _("チームのメンバー")
        verbose_name_plural = _("チームのメンバー")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="unique_team_membership")
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.user}"


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


class Organisation(models.Model):
    """Where a person is referred to (つなぎ先): a network member or another organisation."""

    name = models.CharField(_("名称"), max_length=200)
    kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    member = models.ForeignKey(
        "networks.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ネットの会員"),
        help_text=_("ねりま社会福祉法人等のネットの会員なら選んでください。"),
    )
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("つなぎ先")
        verbose_name_plural = _("つなぎ先")
        ordering = ["kana", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_network_member(self) -> bool:
        return self.member_id is not None


# --- The person (本人) and their household ----------


def normalise_kana(text: str) -> str:
    """Hiragana without spaces, for search (ヤマダ タロウ, やまだ　たろう → やまだたろう)."""
    from core.kana import to_hiragana

    return "".join(to_hiragana(text).split())


def search_reading(text: str) -> str:
    """What a search term is matched as: its reading (やまだ, ヤマダ and 山田 alike)."""
    from core.kana import reading_for

    return normalise_kana(reading_for(text)) if text.strip() else ""


def phone_digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def phone_index(text: str) -> str:
    return blind_index(phone_digits(text), purpose="phone")


class PersonQuerySet(ProtectedQuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "PersonQuerySet":
        """Persons of the cases the user may see, and persons they recorded themselves (an
        intake in progress). Never everyone: a search must not reveal a restricted case."""
        from consultations.permissions import has_case_access

        if not has_case_access(user):
            return self.none()
        return self.filter(
            models.Q(pk__in=Case.objects.visible_to(user).values("person_id"))
            | models.Q(created_by=user)
        )

    def search(
        self, *, kana: str = "", phone: str = "", birth_date: dt.date | None = None
    ) -> "PersonQuerySet":
        """Kana anywhere in the reading, a whole phone number, a birth date (all given must
        match). Call it on a visible_to() queryset. No criteria: nothing."""
        kana, phone = search_reading(kana), phone_digits(phone)
        if not (kana or phone or birth_date):
            return self.none()
        queryset = self
        if kana:
            queryset = queryset.filter(kana_key__contains=kana)
        if phone:
            queryset = queryset.filter(phone_index=blind_index(phone, purpose="phone"))
        if birth_date:
            queryset = queryset.filter(birth_date=birth_date)
        return queryset


class Person(ProtectedModel):
    """本人: the person a case is about. Every field is optional (anonymous consultations)."""

    class AgeBand(models.TextChoices):
        UNKNOWN = "", _("不明")
        UNDER_20 = "under20", _("20歳未満")
        TWENTIES = "20s", _("20代")
        THIRTIES = "30s", _("30代")
        FORTIES = "40s", _("40代")
        FIFTIES = "50s", _("50代")
        SIXTIES = "60s", _("60代")
        SEVENTIES = "70s", _("70代")
        EIGHTIES_PLUS = "80plus", _("80歳以上")

    class Sex(models.TextChoices):
        UNKNOWN = "", _("不明")
        FEMALE = "female", _("女性")
        MALE = "male", _("男性")
        OTHER = "other", _("その他")
        DECLINED = "declined", _("回答しない")

    name = EncryptedTextField(_("氏名"), blank=True)
    kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    # Search keys (plain, indexed): the reading in hiragana without spaces, and a keyed hash
    # of the phone number's digits (the number itself is encrypted).
    kana_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    phone_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True, db_index=True)
    age_band = models.CharField(
        _("年代"), max_length=10, choices=AgeBand.choices, blank=True, default=""
    )
    sex = models.CharField(_("性別"), max_length=10, choices=Sex.choices, blank=True, default="")
    address = EncryptedTextField(_("住所"), blank=True)
    phone = EncryptedTextField(_("電話番号"), blank=True)
    email = EncryptedTextField(_("メールアドレス"), blank=True)
    notes = EncryptedTextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した職員"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True, editable=False)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    objects = PersonQuerySet.as_manager()

    # Fields shown and changed by staff (ChangeRecord covers exactly these).
    TRACKED_FIELDS = (
        "name",
        "kana",
        "birth_date",
        "age_band",
        "sex",
        "address",
        "phone",
        "email",
        "notes",
    )
    PERSONAL_FIELDS = ("name", "kana", "address", "phone", "email", "notes")

    class Meta:
        verbose_name = _("本人")
        verbose_name_plural = _("本人")

    def __str__(self) -> str:
        # Never the name: __str__ ends up in admin pages (protected-object lists), logs and
        # error reports. Templates show `person.name` where the rule allows it.
        return gettext("本人 #%(pk)s") % {"pk": self.pk}

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_search_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "kana_key", "phone_index"}
        super().save(*args, **kwargs)

    def fill_search_keys(self) -> None:
        """Set kana_key and phone_index from kana and phone (bulk_create skips save()).
        Without a kana reading, the name's dictionary reading is used (it can be wrong for
        names, so staff should type the reading they are told)."""
        from core.kana import reading_for

        self.kana_key = normalise_kana(self.kana or (reading_for(self.name) if self.name else ""))
        self.phone_index = phone_index(self.phone)


class HouseholdLink(ProtectedModel):
    """Two persons of one household (an 8050 household: a parent and an adult child)."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("親")
        CHILD = "child", _("子")
        SPOUSE = "spouse", _("配偶者")
        SIBLING = "sibling", _("きょうだい")
        GRANDPARENT = "grandparent", _("祖父母")
        GRANDCHILD = "grandchild", _("孫")
        OTHER_RELATIVE = "relative", _("その他の親族")
        OTHER = "other", _("同居人・その他")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="household_links", verbose_name=_("本人")
    )
    other = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("世帯員")
    )
    relationship = models.CharField(
        _("本人から見た続柄"), max_length=20, choices=Relationship.choices
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        verbose_name = _("世帯の関係")
        verbose_name_plural = _("世帯の関係")
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="unique_household_link"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="household_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.other_id} ({self.get_relationship_display()})"


# --- Consent (同意) ----------


class ConsentQuerySet(ProtectedQuerySet):
    def active(self, on: dt.date | None = None) -> "ConsentQuerySet":
        on = on or timezone.localdate()
        return self.filter(given_on__lte=on).filter(
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on)
        )

    def active_for(self, person: "Person", organisation: Organisation) -> "ConsentQuerySet":
        """Consents of `person` that cover sharing with `organisation` today."""
        covers = models.Q(scope=Consent.Scope.NAMED_ORGANISATIONS, organisations=organisation)
        if organisation.is_network_member:
            covers |= models.Q(scope=Consent.Scope.SHARE_WITH_PARTNERS)
        return self.active().filter(covers, person=person).distinct()


class Consent(ProtectedModel):
    """What a person agreed to share and with whom. Withdrawal is recorded, never deleted."""

    class Scope(models.TextChoices):
        SHARE_WITH_PARTNERS = "share_with_partners", _("ネットの会員（連携先）と共有してよい")
        NAMED_ORGANISATIONS = "named_organisations", _("指定した機関とだけ共有してよい")

    class Method(models.TextChoices):
        WRITTEN = "written", _("書面")
        ORAL = "oral", _("口頭")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("本人")
    )
    scope = models.CharField(_("同意の範囲"), max_length=30, choices=Scope.choices)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("共有してよい機関")
    )
    method = models.CharField(_("同意の方法"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("記録した職員")
    )
    given_on = models.DateField(_("同意日"))
    withdrawn_on = models.DateField(_("撤回日"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回を記録した職員"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("同意")
        verbose_name_plural = _("同意")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}（{self.given_on}）"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= timezone.localdate()


# --- The case (相談ケース) ----------


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


class CaseQuerySet(ProtectedQuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "CaseQuerySet":
        """THE visibility rule. A user sees a case when they are its 主担当 or 副担当, a
        supervisor of its team, or a member of its team and the case is 通常 (not 制限).
        Nobody else: not coordinators, not administrators, not superusers (they have the
        admin's break-glass view, which records a reason). Without a confirmed second factor,
        nothing at all."""
        from consultations.permissions import has_case_access, team_roles

        if not has_case_access(user):
            return self.none()
        roles = team_roles(user)
        supervised = [team for team, supervisor in roles.items() if supervisor]
        condition = models.Q(primary_staff=user) | models.Q(secondary_staff=user)
        member_only = [team for team, supervisor in roles.items() if not supervisor]
        if supervised:
            condition |= models.Q(team__in=supervised)
        if member_only:
            condition |= models.Q(team__in=member_only, confidentiality=Case.Confidentiality.NORMAL)
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
        return self.filter(person__kana_key__contains=search_reading(text))


CASE_NUMBER = re.compile(r"\d{4}-\d{6}")


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
        COMMISSIONER = "commissioner", _("民生委員")
        AGENCY = "agency", _("関係機関")
        NEIGHBOUR = "neighbour", _("近隣住民")
        OTHER = "other", _("その他")

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
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("本人"),
    )
    inquiry = models.OneToOneField(
        Inquiry,
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

    objects = CaseQuerySet.as_manager()

    TRACKED_FIELDS = (
        "received_on",
        "channel",
        "came_from",
        "district",
        "main_concern",
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
            models.Index(fields=["-received_on", "-id"], name="case_received"),
            models.Index(fields=["team", "-received_on", "-id"], name="case_team_received"),
            models.Index(fields=["status", "-received_on"], name="case_status_received"),
            models.Index(fields=["primary_staff", "status"], name="case_primary_status"),
            models.Index(fields=["secondary_staff", "status"], name="case_secondary_status"),
            models.Index(fields=["district", "-received_on"], name="case_district_received"),
            models.Index(fields=["status", "closed_on"], name="case_status_closed"),
            # Counting a filtered list: every column the visibility rule tests, so PostgreSQL
            # counts from the index alone (45 → 11 ms for one status at 100,000 cases).
            models.Index(
                fields=["status", "team", "primary_staff", "secondary_staff", "id"],
                name="case_status_visibility",
            ),
        ]

    def __str__(self) -> str:
        return self.number

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


# --- Progress entries (経過記録): append-only ----------


class AppendOnlyQuerySet(ProtectedQuerySet):
    pass


class EntryQuerySet(AppendOnlyQuerySet):
    def current(self) -> "EntryQuerySet":
        """The latest version of each entry (corrections replace what they correct)."""
        return self.filter(superseded=False)


class Entry(AppendOnlyModel):
    """A dated note in the case's timeline. A correction is a new row pointing to the one it
    corrects (`version_of`), which is kept and marked superseded."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("面談")
        PHONE = "phone", _("電話")
        VISIT = "visit", _("訪問")
        ACCOMPANY = "accompany", _("同行")
        AGENCY_CONTACT = "agency", _("関係機関連絡")
        CONFERENCE = "conference", _("会議")
        EMAIL = "email", _("メール・文書")
        OTHER = "other", _("その他")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="entries", verbose_name=_("ケース")
    )
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("実施日"), default=timezone.localdate)
    staff = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("対応者")
    )
    summary = EncryptedTextField(_("要約"))
    detail = EncryptedTextField(_("詳細"), blank=True)
    version_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("訂正前の記録"),
    )
    superseded = models.BooleanField(_("訂正済み"), default=False, editable=False)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("経過記録")
        verbose_name_plural = _("経過記録")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "-occurred_on", "-id"], name="entry_case_timeline"),
            models.Index(fields=["staff", "-created_at"], name="entry_staff_recent"),
            # Recent activity on the dashboard: newest entries first, stopping at the first
            # few the visibility rule lets through.
            models.Index(fields=["-created_at", "-id"], name="entry_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


# --- Referrals (つなぎ): the record of disclosures to third parties ----------


class Referral(ProtectedModel):
    class Basis(models.TextChoices):
        CONSENT = "consent", _("本人の同意")
        STATUTORY = "statutory", _("法令に基づく例外（個人情報保護法27条1項各号など）")
        NONE = "none", _("なし（個人情報を共有しない）")

    class Status(models.TextChoices):
        SENT = "sent", _("送付")
        ACCEPTED = "accepted", _("受理")
        DECLINED = "declined", _("不受理")
        COMPLETED = "completed", _("完了")

    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.SENT: (Status.ACCEPTED, Status.DECLINED),
        Status.ACCEPTED: (Status.COMPLETED,),
        Status.DECLINED: (Status.COMPLETED,),
        Status.COMPLETED: (),
    }

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("ケース")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("つなぎ先")
    )
    referred_on = models.DateField(_("つないだ日"), default=timezone.localdate)
    reason = EncryptedTextField(_("つなぐ理由"))
    shared_information = EncryptedTextField(
        _("共有した情報"),
        blank=True,
        help_text=_("つなぎ先に伝えた本人の情報。何も伝えない場合は空欄。"),
    )
    basis = models.CharField(_("共有の根拠"), max_length=20, choices=Basis.choices)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("根拠とした同意"),
    )
    statutory_ground = models.CharField(_("法令上の根拠"), max_length=200, blank=True)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.SENT)
    outcome = EncryptedTextField(_("結果"), blank=True)
    follow_up_on = models.DateField(_("確認予定日"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("記録した職員")
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = ProtectedQuerySet.as_manager()

    TRACKED_FIELDS = ("status", "outcome", "follow_up_on")

    class Meta:
        verbose_name = _("つなぎ")
        verbose_name_plural = _("つなぎ")
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["case", "-referred_on"], name="referral_case")]

    def __str__(self) -> str:
        return f"{self.referred_on} → {self.organisation}"

    def clean(self) -> None:
        """Information shared with a third party needs a recorded basis (APPI art. 27)."""
        errors: dict[str, list[StrOrPromise]] = {}
        if self.shared_information.strip() and self.basis == self.Basis.NONE:
            errors["basis"] = [
                _(
                    "本人の情報を共有するには、根拠（本人の同意または法令に基づく例外）の記録が"
                    "必要です。同意を記録するか、共有した情報を空欄にしてください。"
                )
            ]
        if self.basis == self.Basis.CONSENT:
            problem = self._consent_problem()
            if problem:
                errors["consent"] = [problem]
        if self.basis == self.Basis.STATUTORY and not self.statutory_ground.strip():
            errors["statutory_ground"] = [
                _(
                    "法令に基づく例外によって共有する場合は、その根拠（法令名と条文）を書いてください。"
                )
            ]
        if errors:
            raise ValidationError(errors)

    def _consent_problem(self) -> StrOrPromise | None:
        if self.consent_id is None:
            return _("根拠とする本人の同意を選んでください。同意がなければ共有できません。")
        # As recorded now, not as the caller's copy says (it may predate a withdrawal).
        self.consent = Consent.objects.get(pk=self.consent_id)
        if self.case.person_id is None or self.consent.person_id != self.case.person_id:
            return _("このケースの本人の同意ではありません。")
        if self.consent.is_withdrawn:
            return _("この同意は撤回されています。撤回された同意を根拠に共有することはできません。")
        person = self.case.person
        if person is None:  # ruled out above through person_id; said again for the type
            return _("このケースの本人の同意ではありません。")
        covering = Consent.objects.active_for(person, self.organisation)
        if not covering.filter(pk=self.consent.pk).exists():
            return _("この同意は、このつなぎ先との共有を含んでいません。")
        return None

    def can_move_to(self, new_status: str) -> bool:
        return new_status in self.TRANSITIONS.get(self.status, ())


# --- Follow-ups: tasks and flags ----------


class TaskQuerySet(ProtectedQuerySet):
    def open(self) -> "TaskQuerySet":
        return self.filter(done_on__isnull=True)

    def due_by(self, day: dt.date) -> "TaskQuerySet":
        return self.open().filter(due_on__lte=day)


class Task(ProtectedModel):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("ケース")
    )
    title = EncryptedTextField(_("やること"))
    due_on = models.DateField(_("期限"))
    assignee = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="case_tasks", verbose_name=_("担当")
    )
    done_on = models.DateField(_("完了日"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("記録した職員")
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    TRACKED_FIELDS = ("title", "due_on", "assignee", "done_on")

    class Meta:
        verbose_name = _("フォローアップ")
        verbose_name_plural = _("フォローアップ")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assignee", "done_on", "due_on"], name="task_assignee_due"),
            models.Index(fields=["case", "done_on"], name="task_case_open"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on}"


class Flag(ProtectedModel):
    """A warning shown as a banner on the case (住所秘匿, 虐待疑い, 連絡注意)."""

    class Kind(models.TextChoices):
        ADDRESS_SECRET = "address_secret", _("住所秘匿")
        SUSPECTED_ABUSE = "suspected_abuse", _("虐待疑い")
        CONTACT_CAUTION = "contact_caution", _("連絡注意")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="flags", verbose_name=_("ケース")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    instructions = EncryptedTextField(_("対応の指示"))
    active = models.BooleanField(_("有効"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("記録した職員")
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = ProtectedQuerySet.as_manager()

    TRACKED_FIELDS = ("kind", "instructions", "active")

    class Meta:
        verbose_name = _("注意事項")
        verbose_name_plural = _("注意事項")
        ordering = ["-active", "-created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- Accountability: who saw what, who changed what ----------


class AccessLog(AppendOnlyModel):
    """Every view, search, change, export and download of case data: who, when, what, where.

    `detail` (search terms, the reason given for a break-glass view…) can hold personal data,
    so it is encrypted like the record itself.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("閲覧")
        SEARCH = "search", _("検索")
        CREATE = "create", _("作成")
        CHANGE = "change", _("変更")
        EXPORT = "export", _("書き出し")
        DOWNLOAD = "download", _("ダウンロード")
        BREAK_GLASS = "break_glass", _("管理画面での閲覧（理由つき）")

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("ケース"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = EncryptedTextField(_("内容"), blank=True)
    ip = models.GenericIPAddressField(_("接続元"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("アクセス記録")
        verbose_name_plural = _("アクセス記録")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="accesslog_case"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ChangeRecord(AppendOnlyModel):
    """One field of case data changed: old and new values (encrypted), by whom, when."""

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("ケース"),
    )
    model = models.CharField(_("対象"), max_length=50)
    object_id = models.CharField(_("対象のID"), max_length=40)
    field = models.CharField(_("項目"), max_length=50)
    old = EncryptedTextField(_("変更前"), blank=True)
    new = EncryptedTextField(_("変更後"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"], name="changerecord_case")]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}.{self.field}"


class DisposalLog(AppendOnlyModel):
    """What one confirmed run of `apply_retention` did (no personal data: numbers only)."""

    at = models.DateTimeField(_("日時"), default=timezone.now)
    run_by = models.CharField(_("実行者"), max_length=150, blank=True)
    cutoff = models.DateField(_("基準日（この日より前に終了したケース）"))
    cases_anonymised = models.PositiveIntegerField(_("匿名化したケース数"))
    persons_anonymised = models.PositiveIntegerField(_("匿名化した本人の数"))
    cases_postponed = models.PositiveIntegerField(_("つなぎの記録のため延長したケース数"))
    case_numbers = models.TextField(_("匿名化したケース番号"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("廃棄・匿名化の記録")
        verbose_name_plural = _("廃棄・匿名化の記録")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
