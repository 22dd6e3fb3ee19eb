from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from nerizu.storage import private_storage, story_photo_path

# The version of the terms a Nerizu agrees to; bump it when the terms text changes.
TERMS_VERSION = "2025-04"


class Nerizu(models.Model):
    """A resident registered as ネリーズ (地域福祉協働推進員). Never listed publicly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nerizu",
        verbose_name=_("利用者"),
    )
    display_name = models.CharField(
        _("表示名"),
        max_length=50,
        help_text=_("活動紹介に表示する名前。ニックネームでも構いません。"),
    )
    district = models.ForeignKey(
        "networks.District", on_delete=models.PROTECT, related_name="nerizu", verbose_name=_("地区")
    )
    interests = models.ManyToManyField(
        "pillars.Hashtag", blank=True, related_name="nerizu", verbose_name=_("関心のあること")
    )
    how_to_help = models.TextField(_("どんなことで関わりたいか"), blank=True, max_length=2000)
    terms_version = models.CharField(_("同意した規約の版"), max_length=20)
    agreed_at = models.DateTimeField(_("同意日時"), default=timezone.now)
    registered_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("ネリーズ登録")
        verbose_name_plural = _("ネリーズ登録")
        ordering = ["-registered_at"]

    def __str__(self) -> str:
        return self.display_name


def counts_by_district() -> models.QuerySet:
    """Every district with `nerizu_count`, how many ネリーズ are registered there (no names)."""
    from networks.models import District

    return District.objects.annotate(nerizu_count=Count("nerizu")).order_by("order", "pk")


class StoryQuerySet(models.QuerySet["Story"]):
    def approved(self) -> "StoryQuerySet":
        return self.filter(status=Story.Status.APPROVED)

    def for_listing(self) -> "StoryQuerySet":
        return self.select_related("nerizu__district")

    def tagged(self, name: str) -> "StoryQuerySet":
        """Those carrying the hashtag `name` (a subquery: each story once)."""
        links = Story.hashtags.through.objects.filter(hashtag__name=name)
        return self.filter(pk__in=links.values("story_id"))


class Story(models.Model):
    """「こんなことしています」: a Nerizu's short story, public once a coordinator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        APPROVED = "approved", _("公開中")
        REJECTED = "rejected", _("見送り")

    nerizu = models.ForeignKey(
        Nerizu, on_delete=models.CASCADE, related_name="stories", verbose_name=_("ネリーズ")
    )
    title = models.CharField(_("タイトル"), max_length=100)
    body = models.TextField(_("本文"), max_length=2000)
    # Re-encoded JPEG without metadata (core/images.py), never served from /media/.
    photo = models.ImageField(
        _("写真"), upload_to=story_photo_path, storage=private_storage, blank=True
    )
    photo_alt = models.CharField(
        _("写真の説明"), max_length=200, blank=True, help_text=_("写真が見えない方のための説明。")
    )
    hashtags = models.ManyToManyField(
        "pillars.Hashtag", blank=True, related_name="stories", verbose_name=_("ハッシュタグ")
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した人"),
    )
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("活動紹介")
        verbose_name_plural = _("活動紹介")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="story_status_created")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nerizu:story", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def review(self, *, approve: bool, by: User) -> None:
        self.status = self.Status.APPROVED if approve else self.Status.REJECTED
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])

    def reopen_for_review(self) -> None:
        """Back to 確認待ち after the author changes it (the caller saves)."""
        self.status = self.Status.PENDING
        self.reviewed_by = None
        self.reviewed_at = None


def district_coordinator_emails(district_id: int) -> list[str]:
    """Addresses of the active coordinators whose profile (networks.Coordinator) names the
    district and is linked to their account."""
    return list(
        User.objects.filter(
            coordinator_profile__districts=district_id, is_active=True, is_staff=True
        )
        .order_by("email")
        .values_list("email", flat=True)
    )


class Following(models.Model):
    """What a resident follows (districts, hashtags) and which mail they want: each kind of
    coordinators' message, and the weekly digest. Nothing is sent without their opt-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="following",
        verbose_name=_("利用者"),
    )
    districts = models.ManyToManyField(
        "networks.District", blank=True, related_name="+", verbose_name=_("フォローする地区")
    )
    hashtags = models.ManyToManyField(
        "pillars.Hashtag", blank=True, related_name="+", verbose_name=_("フォローするハッシュタグ")
    )
    district_messages = models.BooleanField(
        _("自分の地区のコーディネーターからのお知らせを受け取る"), default=False
    )
    hashtag_messages = models.BooleanField(
        _("フォローしているハッシュタグについてのお知らせを受け取る"), default=False
    )
    activity_messages = models.BooleanField(
        _("参加している活動についてのお知らせを受け取る"), default=False
    )
    weekly_digest = models.BooleanField(_("週に一度、新着のまとめを受け取る"), default=False)
    last_digest_at = models.DateTimeField(_("前回のまとめ"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("フォローとお知らせの設定")
        verbose_name_plural = _("フォローとお知らせの設定")

    def __str__(self) -> str:
        return str(self.user)


class Message(models.Model):
    """A coordinator's message to ネリーズ: of a district, of a hashtag they follow (within the
    coordinator's districts), or of an activity's participants. Each recipient gets their own
    e-mail; the deliveries are its log."""

    class Audience(models.TextChoices):
        DISTRICT = "district", _("地区のネリーズ")
        HASHTAG = "hashtag", _("ハッシュタグをフォローしているネリーズ")
        ACTIVITY = "activity", _("活動の参加者")

    # Which opt-in each audience needs (Following's fields)
    OPT_IN: ClassVar[dict[str, str]] = {
        Audience.DISTRICT: "district_messages",
        Audience.HASHTAG: "hashtag_messages",
        Audience.ACTIVITY: "activity_messages",
    }

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("送信者"),
    )
    audience = models.CharField(_("宛先"), max_length=20, choices=Audience.choices)
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地区"),
    )
    hashtag = models.ForeignKey(
        "pillars.Hashtag",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ハッシュタグ"),
    )
    activity = models.ForeignKey(
        "networks.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("活動"),
    )
    subject = models.CharField(_("件名"), max_length=100)
    body = models.TextField(_("本文"), max_length=5000)
    sent_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ネリーズへのお知らせ")
        verbose_name_plural = _("ネリーズへのお知らせ")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class MessageDelivery(models.Model):
    """One recipient of a message: their e-mail in the outbox, and whether they unsubscribed
    through it. The log shows display names and states, never addresses."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("お知らせ")
    )
    nerizu = models.ForeignKey(
        Nerizu,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ネリーズ"),
    )
    email = models.OneToOneField(
        "core.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("メール"),
    )
    unsubscribed_at = models.DateTimeField(_("配信停止日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせの配信")
        verbose_name_plural = _("お知らせの配信")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.message}：{self.nerizu}"
