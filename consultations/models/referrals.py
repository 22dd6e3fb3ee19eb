"""Referrals (つなぎ): the record of disclosures to third parties."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from consultations.models.base import ProtectedModel, ProtectedQuerySet
from consultations.models.cases import Case
from consultations.models.consents import Consent
from consultations.models.destinations import ReferralDestination
from core.fields import EncryptedTextField


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
    destination = models.ForeignKey(
        ReferralDestination,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("つなぎ先"),
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
        return f"{self.referred_on} → {self.destination}"

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
        covering = Consent.objects.active_for(person, self.destination)
        if not covering.filter(pk=self.consent.pk).exists():
            return _("この同意は、このつなぎ先との共有を含んでいません。")
        return None

    def can_move_to(self, new_status: str) -> bool:
        return new_status in self.TRANSITIONS.get(self.status, ())
