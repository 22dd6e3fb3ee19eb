"""Progress entries (経過記録): append-only."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models.base import AppendOnlyModel, AppendOnlyQuerySet
from consultations.models.cases import Case
from core.fields import EncryptedTextField


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
