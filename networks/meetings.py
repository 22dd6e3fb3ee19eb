"""The network's own meetings (全体会, 世話人会, 地区連絡会, ネリーズ懇談会): when and where, the
agenda, the materials and minutes (PDF, in private storage, handed out by a view that asks
networks.permissions), who registered to attend. Imported by networks.models.

Where a meeting is held is a facility of the directory, one of the council's contact points
(its offices), or a place in words; `place_name` reads them in that order.
"""

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.links import cached_reverse
from core.pdf import validate_pdf

if TYPE_CHECKING:
    from accounts.models import User


def private_storage() -> Storage:
    """The settings' private storage (no URL of its own): members-only files must not be
    reachable but through the view that checks access."""
    return storages["private"]


def document_path(document: "MeetingDocument", filename: str) -> str:
    return f"meetings/{uuid.uuid4().hex}.pdf"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible(self, *, to_members: bool) -> "MeetingQuerySet":
        """Public meetings for everyone; members-only ones too for the network's members
        (`to_members`: networks.permissions.is_network_member of the viewer)."""
        if to_members:
            return self
        return self.public()

    def public(self) -> "MeetingQuerySet":
        return self.filter(audience=Meeting.Audience.PUBLIC)

    def upcoming(self, *, now: Any = None) -> "MeetingQuerySet":
        now = now or timezone.now()
        return self.filter(starts_at__gte=now).order_by("starts_at", "pk")

    def past(self, *, now: Any = None) -> "MeetingQuerySet":
        now = now or timezone.now()
        return self.filter(starts_at__lt=now).order_by("-starts_at", "-pk")

    def with_minutes(self) -> "MeetingQuerySet":
        """Meetings whose minutes are published (after the meeting), latest first."""
        return self.filter(minutes_published_at__isnull=False).order_by("-starts_at", "-pk")

    def for_listing(self) -> "MeetingQuerySet":
        return self.select_related("district", "facility", "contact_point")


class Meeting(models.Model):
    """A meeting of ねりま社会福祉法人等のネット or of ネリーズ."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("全体会")
        ORGANISERS = "organisers", _("世話人会")
        DISTRICT = "district", _("地区連絡会")
        NERIZU = "nerizu", _("ネリーズ懇談会")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("公開")
        MEMBERS = "members", _("会員のみ")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200, help_text=_("例：令和8年度 第1回全体会"))
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    facility = models.ForeignKey(
        "networks.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("会場（施設）"),
    )
    contact_point = models.ForeignKey(
        "networks.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("会場（窓口）"),
        help_text=_("社協の本所や地区事務所で開くとき。"),
    )
    place = models.CharField(
        _("会場"), max_length=200, blank=True, help_text=_("施設以外で開くときの会場名と住所。")
    )
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("地区"),
        help_text=_("地区連絡会など、地区の会議のとき。"),
    )
    driving_force = models.ForeignKey(
        "pillars.DrivingForce",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("推進力"),
        help_text=_("議事録を公開したとき、この推進力のページから案内します。"),
    )
    agenda = models.TextField(_("議題"), blank=True, help_text=_("段落は空行で区切ります。"))
    audience = models.CharField(
        _("公開範囲"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text=_("「会員のみ」は、サインインした会員（コーディネーター）だけが見られます。"),
    )
    minutes = models.TextField(
        _("議事録（要旨）"),
        blank=True,
        help_text=_("会議の後に入力し、「議事録を公開」で公開します。"),
    )
    minutes_published_at = models.DateTimeField(
        _("議事録の公開日時"), null=True, blank=True, editable=False
    )
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["audience", "starts_at"], name="meeting_audience_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:meeting", pk=self.pk)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("終了日時は開始日時より後にしてください。")
        if self.kind == self.Kind.DISTRICT and not self.district_id:
            errors["district"] = _("地区連絡会は地区を選んでください。")
        if errors:
            raise ValidationError(errors)

    @property
    def public_facility(self) -> Any:
        """The facility, if residents may see it: listed, and run by a listed member."""
        facility = self.facility
        if facility is not None and facility.is_listed and facility.member.is_listed:
            return facility
        return None

    @property
    def public_contact_point(self) -> Any:
        """The contact point, if it is listed."""
        point = self.contact_point
        return point if point is not None and point.is_listed else None

    @property
    def place_name(self) -> str:
        """Where it is held, as residents read it: the facility's name, the contact point's,
        or the place typed."""
        if self.facility is not None:
            return self.facility.name
        if self.contact_point is not None:
            return self.contact_point.name
        return self.place

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def has_taken_place(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def minutes_are_published(self) -> bool:
        return self.minutes_published_at is not None

    def publish_minutes(self) -> None:
        """After the meeting: its minutes (text and PDFs) appear on its page."""
        if not self.has_taken_place:
            raise ValidationError(_("議事録は会議の後に公開します。"))
        self.minutes_published_at = timezone.now()
        self.save(update_fields=["minutes_published_at", "updated_at"])


class MeetingDocument(models.Model):
    """A PDF attached to a meeting: a material (配布資料) or the minutes (議事録)."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("資料")
        MINUTES = "minutes", _("議事録")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("会議")
    )
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.MATERIAL)
    title = models.CharField(_("題名"), max_length=200)
    file = models.FileField(
        _("PDFファイル"),
        upload_to=document_path,
        storage=private_storage,
        validators=[validate_pdf],
        help_text=_("PDF形式、20MBまで。"),
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("会議の資料・議事録")
        verbose_name_plural = _("会議の資料・議事録")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("networks:meeting_document", pk=self.meeting_id, document=self.pk)


class MeetingAttendance(models.Model):
    """A member's registration to attend a meeting (出席の登録)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("会議")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("出席者"),
    )
    registered_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("出席の登録")
        verbose_name_plural = _("出席の登録")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.user}"

    @classmethod
    def is_registered(cls, meeting: Meeting, user: "User") -> bool:
        return cls.objects.filter(meeting=meeting, user=user).exists()
