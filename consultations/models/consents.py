"""Consent (同意): what a person agreed to share, and with whom."""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models.base import ProtectedModel, ProtectedQuerySet
from consultations.models.destinations import ReferralDestination
from consultations.models.persons import Person


class ConsentQuerySet(ProtectedQuerySet):
    def active(self, on: dt.date | None = None) -> "ConsentQuerySet":
        on = on or timezone.localdate()
        return self.filter(given_on__lte=on).filter(
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on)
        )

    def active_for(self, person: "Person", destination: ReferralDestination) -> "ConsentQuerySet":
        """Consents of `person` that cover sharing with `destination` today."""
        covers = models.Q(scope=Consent.Scope.NAMED_ORGANISATIONS, destinations=destination)
        if destination.is_network_member:
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
    destinations = models.ManyToManyField(
        ReferralDestination, blank=True, related_name="+", verbose_name=_("共有してよい機関")
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
