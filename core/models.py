"""Models every app shares: the spreadsheet import jobs of the admin, the readings of ふりがな,
and the e-mail outbox."""

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A file uploaded on an admin import page, checked and then imported by background tasks
    (core/imports.py), with its progress and its problems for the job page."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("確認中")
        CHECKED = "checked", _("確認済み")
        INVALID = "invalid", _("問題あり")
        IMPORTING = "importing", _("取り込み中")
        DONE = "done", _("取り込み済み")
        FAILED = "failed", _("中止")

    RUNNING: ClassVar[set[str]] = {Status.CHECKING, Status.IMPORTING}

    model = models.CharField(_("取り込み先"), max_length=100)  # "networks.member"
    resource = models.CharField(_("取り込みの定義"), max_length=200)  # its dotted path
    file_format = models.CharField(_("形式"), max_length=200)  # its dotted path
    file_name = models.CharField(_("ファイル名"), max_length=255)
    content = models.BinaryField(_("ファイル"), editable=False)  # emptied once imported
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("処理した行数"), default=0)
    totals = models.JSONField(_("件数"), default=dict, blank=True)  # new, update, skip
    problems = models.JSONField(_("問題"), default=list, blank=True)  # [{"row", "messages"}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
        verbose_name=_("取り込んだ人"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("取り込み")
        verbose_name_plural = _("取り込み")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


class ReadingFixQuerySet(models.QuerySet["ReadingFix"]):
    def as_dict(self) -> dict[str, str]:
        return dict(self.values_list("surface", "reading"))


class ReadingFix(models.Model):
    """A coordinator's reading for a word, used by ふりがな on every page instead of the
    analyser's (core/furigana.py): a place name, a term of the plan, a word read wrongly."""

    surface = models.CharField(
        _("語（漢字を含む表記）"),
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(
                r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]",
                _("漢字を含む語を入力してください。"),
            )
        ],
    )
    reading = models.CharField(
        _("読み（ひらがな）"),
        max_length=100,
        validators=[
            RegexValidator(r"^[\u3041-\u309fー]+$", _("読みはひらがなで入力してください。"))
        ],
        help_text=_("語全体の読みをひらがなで。送りがなも含めて入力します（例：うけとめる）。"),
    )
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ReadingFixQuerySet.as_manager()

    class Meta:
        verbose_name = _("ふりがなの読み")
        verbose_name_plural = _("ふりがなの読み")
        ordering = ["surface"]

    def __str__(self) -> str:
        return f"{self.surface}（{self.reading}）"


class OutboxEmailQuerySet(models.QuerySet["OutboxEmail"]):
    def claimable(self, now: datetime) -> "OutboxEmailQuerySet":
        """Rows a delivery may take now: waiting and due, or left "sending" by a worker that
        died (its lease has run out)."""
        S = OutboxEmail.Status
        return self.filter(
            Q(status__in=[S.QUEUED, S.RETRYING], next_attempt_at__lte=now)
            | Q(status=S.SENDING, claimed_until__lt=now)
        )

    def overdue(self, now: datetime, *, grace: timedelta) -> "OutboxEmailQuerySet":
        """Claimable rows that no queued task is likely to take: retries that are due, rows
        of a dead worker, and new rows still waiting `grace` after they were due."""
        S = OutboxEmail.Status
        return self.claimable(now).exclude(status=S.QUEUED, next_attempt_at__gt=now - grace)


class OutboxEmail(models.Model):
    """One e-mail to one recipient, stored in the transaction of whatever caused it and
    delivered by a background task (core/emails.py). Delivery claims the row first, so a row
    is sent at most once by the queue; the bodies are erased once it is sent (they may hold
    links that sign someone in), the subject, recipient and times stay for the log."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("送信待ち")
        SENDING = "sending", _("送信中")
        RETRYING = "retrying", _("再試行待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    kind = models.CharField(_("種類"), max_length=100)  # the template set's name
    to = models.EmailField(_("宛先"), max_length=254)
    subject = models.CharField(_("件名"), max_length=300)
    body_text = models.TextField(_("本文"), blank=True)
    body_html = models.TextField(_("本文（HTML）"), blank=True)
    headers = models.JSONField(_("ヘッダー"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    last_error = models.TextField(_("直近のエラー"), blank=True)
    next_attempt_at = models.DateTimeField(_("次の試行"), default=timezone.now)
    claimed_until = models.DateTimeField(_("送信中の期限"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject}（{self.get_status_display()}）"

    def mark_sent(self, *, now: datetime) -> None:
        self.status = self.Status.SENT
        self.sent_at = now
        self.claimed_until = None
        self.last_error = ""
        self.body_text = self.body_html = ""
        self.save()

    def mark_refused(self, *, error: str, now: datetime, max_attempts: int, base: int) -> None:
        """The mail server (or anything on the way) refused: wait longer after each try
        (base, 2×base, 4×base … seconds, at most six hours), and give up after max_attempts."""
        self.last_error = error[:2000]
        self.claimed_until = None
        if self.attempts >= max_attempts:
            self.status = self.Status.FAILED
        else:
            self.status = self.Status.RETRYING
            delay = min(base * 2 ** max(self.attempts - 1, 0), 6 * 3600)
            self.next_attempt_at = now + timedelta(seconds=delay)
        self.save()

    def retry(self, *, now: datetime) -> None:
        """An operator sends a failed row again (a fresh round of attempts)."""
        self.status = self.Status.QUEUED
        self.attempts = 0
        self.next_attempt_at = now
        self.claimed_until = None
        self.save()
