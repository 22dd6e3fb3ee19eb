"""Follow-ups on a case: tasks (フォローアップ) and flags (注意事項)."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.base import ProtectedModel, ProtectedQuerySet
from consultations.models.cases import Case
from core.fields import EncryptedTextField


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
            # The dashboard's overdue and today's follow-ups of one assignee, in the list's order:
            # the first ten are the first ten of this index (not every open task, then sorted).
            models.Index(
                fields=["assignee", "due_on", "id"],
                condition=models.Q(done_on__isnull=True),
                name="task_assignee_open_due",
            ),
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
