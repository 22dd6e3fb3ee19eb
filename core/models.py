"""Models every app shares: the spreadsheet import jobs of the admin."""

from typing import ClassVar

from django.conf import settings
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
