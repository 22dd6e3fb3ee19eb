"""Models every app shares: the spreadsheet import jobs of the admin, the readings of ふりがな."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
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
