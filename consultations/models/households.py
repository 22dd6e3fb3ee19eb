"""The household around a case (世帯), and corrections of a case's intake (受付内容の訂正).

A case records who consulted (Case.came_from), its person (本人, the one the support is for)
and the people around them: each HouseholdMember is a relative or housemate seen from 本人
(続柄), with an age band, whether they live together, whether they are the key person
(キーパーソン) and whether they need support too. Names and notes are encrypted like the rest
of the case; the members are seen through the case (`visible_to`), never on their own.

Members are never deleted: removing one from the household stamps `removed_at` (history
keeps who did it and when), and `current()` leaves them out.
"""

import json
from collections.abc import Iterable
from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models.base import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    ProtectedModel,
    ProtectedQuerySet,
)
from consultations.models.cases import Case
from consultations.models.persons import HouseholdLink, Person
from core.fields import EncryptedTextField

Relationship = HouseholdLink.Relationship
AgeBand = Person.AgeBand

ELDERLY = frozenset({AgeBand.SEVENTIES, AgeBand.EIGHTIES_PLUS})
MIDDLE_AGED = frozenset({AgeBand.FORTIES, AgeBand.FIFTIES, AgeBand.SIXTIES})


class HouseholdMemberQuerySet(ProtectedQuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "HouseholdMemberQuerySet":
        """Members of the cases the user may see (the one visibility rule), nobody else."""
        return self.filter(case__in=Case.objects.visible_to(user))

    def current(self) -> "HouseholdMemberQuerySet":
        return self.filter(removed_at__isnull=True)


class HouseholdMember(ProtectedModel):
    """Someone in 本人's household or family, seen from 本人."""

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="household_members",
        verbose_name=_("ケース"),
    )
    relationship = models.CharField(
        _("本人から見た続柄"), max_length=20, choices=Relationship.choices
    )
    age_band = models.CharField(
        _("年代"), max_length=10, choices=AgeBand.choices, blank=True, default=""
    )
    lives_together = models.BooleanField(_("同居"), default=True)
    is_key_person = models.BooleanField(_("キーパーソン"), default=False)
    needs_support = models.BooleanField(_("支援の対象"), default=False)
    name = EncryptedTextField(_("氏名"), blank=True)
    notes = EncryptedTextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    removed_at = models.DateTimeField(_("世帯から外した日時"), null=True, blank=True)

    objects = HouseholdMemberQuerySet.as_manager()

    # What staff see and change (ChangeRecord covers exactly these).
    TRACKED_FIELDS = (
        "relationship",
        "age_band",
        "lives_together",
        "is_key_person",
        "needs_support",
        "name",
        "notes",
    )

    class Meta:
        verbose_name = _("世帯員")
        verbose_name_plural = _("世帯員")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        # Never the name (see Person.__str__).
        return gettext("世帯員 #%(pk)s（%(relationship)s）") % {
            "pk": self.pk,
            "relationship": self.get_relationship_display(),
        }

    def describe(self) -> str:
        """続柄（年代・同居）: how history and the correction summary name a member."""
        parts = [str(self.get_age_band_display()) if self.age_band else ""]
        parts.append(gettext("同居") if self.lives_together else gettext("別居"))
        return f"{self.get_relationship_display()}（{'・'.join(p for p in parts if p)}）"


class MemberLike(Protocol):
    """What derive_household_type reads of a member (a model or a form's cleaned values)."""

    relationship: str
    age_band: str
    lives_together: bool


def derive_household_type(person_age_band: str, members: Iterable[MemberLike]) -> str:
    """世帯の類型 from 本人's age band and the members living together, where it can tell:

    - 8050: an elderly parent (70s, 80+) with a middle-aged child (40s–60s) living together,
      本人 being either of them;
    - 高齢夫婦: 本人 and a spouse, both elderly, with nobody else;
    - 単身高齢 / 単身: 本人 lives alone, elderly or not (age known);
    - ひとり親: 本人 with children under 20 and no spouse or parent at home.
    Otherwise "" (staff choose: 障害のある方のいる世帯 cannot be derived, nor much else).
    """
    together = [m for m in members if m.lives_together]
    elderly_person = person_age_band in ELDERLY
    for member in together:
        parent_of_middle_aged = (
            member.relationship == Relationship.PARENT
            and member.age_band in ELDERLY
            and person_age_band in MIDDLE_AGED
        )
        middle_aged_child = (
            member.relationship == Relationship.CHILD
            and elderly_person
            and member.age_band in MIDDLE_AGED
        )
        if parent_of_middle_aged or middle_aged_child:
            return Case.HouseholdType.EIGHTY_FIFTY
    if not person_age_band:
        return ""
    if not together:
        return Case.HouseholdType.SINGLE_ELDERLY if elderly_person else Case.HouseholdType.SINGLE
    kinds = {m.relationship for m in together}
    if (
        kinds == {Relationship.SPOUSE}
        and elderly_person
        and len(together) == 1
        and together[0].age_band in ELDERLY
    ):
        return Case.HouseholdType.ELDERLY_COUPLE
    if (
        kinds == {Relationship.CHILD}
        and not elderly_person
        and all(m.age_band == AgeBand.UNDER_20 for m in together)
    ):
        return Case.HouseholdType.SINGLE_PARENT
    return ""


class IntakeCorrection(AppendOnlyModel):
    """One correction of a case's intake details: who, when, why, and what it changed.

    The changed values themselves are in the change history (ChangeRecord, written by
    services.case_correct_intake in the same transaction); `summary` keeps them as they read
    at the time (labels, not keys), so the history page shows them even after a category or
    a district is renamed. Both reason and summary are encrypted (they may name people).
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("ケース")
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("訂正した職員"),
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    reason = EncryptedTextField(_("訂正の理由"))
    summary = EncryptedTextField(_("訂正の内容"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("受付内容の訂正")
        verbose_name_plural = _("受付内容の訂正")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"

    def changes(self) -> list[dict[str, str]]:
        """[{"field": label, "old": text, "new": text}] as the summary recorded them."""
        if not self.summary:
            return []
        return list(json.loads(self.summary))
