"""Accountability: who saw what, who changed what, what retention disposed of.

The access log and the change history are chained (ChainedModel): each row's `chain_hash`
links it to the row before it with a keyed hash (consultations/audit_chain.py), so
`manage.py verify_audit_chain` finds a row altered, deleted or moved around the application.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import audit_chain
from consultations.models.base import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from consultations.models.cases import Case
from consultations.models.persons import Person
from core.fields import EncryptedTextField


class ChainedQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            audit_chain.seal(self.model, objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)


class ChainedModel(AppendOnlyModel):
    """An append-only row linked to the one before it by a keyed hash (audit_chain.py)."""

    chain_hash = models.CharField(_("連鎖ハッシュ"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label}: recorded rows are never changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            audit_chain.seal(type(self), [self], using=using)
            super().save(*args, **kwargs)


class AccessLog(ChainedModel):
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
        # Who may reach case data at all: staff coming in and leaving (no case; the staff
        # member concerned is named in `detail`, `user` is who did it).
        STAFF_INVITE = "staff_invite", _("職員の招待")
        STAFF_JOIN = "staff_join", _("招待からの利用開始")
        STAFF_TEAM_LEAVE = "staff_team_leave", _("チームから外す")
        STAFF_DEACTIVATE = "staff_deactivate", _("利用停止・役割の解除")

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

    objects = ChainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("アクセス記録")
        verbose_name_plural = _("アクセス記録")
        ordering = ["-at", "-pk"]
        permissions = [
            ("export_accesslog", _("監査のためにアクセス記録と変更履歴を書き出す")),
        ]
        indexes = [
            models.Index(fields=["case", "-at"], name="accesslog_case"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ChangeRecord(ChainedModel):
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
    # A keyed hash of old and new, which the chain covers (audit_chain.values_digest).
    values_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = ChainedQuerySet.as_manager()

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
