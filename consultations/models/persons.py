"""The person (本人) a case is about, and their household."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models.base import ProtectedModel, ProtectedQuerySet
from consultations.models.cases import Case
from consultations.models.search_keys import (
    normalise_kana,
    phone_digits,
    phone_index,
    search_reading,
)
from consultations.permissions import has_case_access
from core.crypto import blind_index
from core.fields import EncryptedTextField


class PersonQuerySet(ProtectedQuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "PersonQuerySet":
        """Persons of the cases the user may see, and persons they recorded themselves (an
        intake in progress). Never everyone: a search must not reveal a restricted case."""
        if not has_case_access(user):
            return self.none()
        return self.filter(
            models.Q(pk__in=Case.objects.visible_to(user).values("person_id"))
            | models.Q(created_by=user)
        )

    def search(
        self, *, kana: str = "", phone: str = "", birth_date: dt.date | None = None
    ) -> "PersonQuerySet":
        """Kana anywhere in the reading, a whole phone number, a birth date (all given must
        match). Call it on a visible_to() queryset. No criteria: nothing."""
        kana, phone = search_reading(kana), phone_digits(phone)
        if not (kana or phone or birth_date):
            return self.none()
        queryset = self
        if kana:
            queryset = queryset.filter(kana_key__contains=kana)
        if phone:
            queryset = queryset.filter(phone_index=blind_index(phone, purpose="phone"))
        if birth_date:
            queryset = queryset.filter(birth_date=birth_date)
        return queryset


class Person(ProtectedModel):
    """本人: the person a case is about. Every field is optional (anonymous consultations)."""

    class AgeBand(models.TextChoices):
        UNKNOWN = "", _("不明")
        UNDER_20 = "under20", _("20歳未満")
        TWENTIES = "20s", _("20代")
        THIRTIES = "30s", _("30代")
        FORTIES = "40s", _("40代")
        FIFTIES = "50s", _("50代")
        SIXTIES = "60s", _("60代")
        SEVENTIES = "70s", _("70代")
        EIGHTIES_PLUS = "80plus", _("80歳以上")

    class Sex(models.TextChoices):
        UNKNOWN = "", _("不明")
        FEMALE = "female", _("女性")
        MALE = "male", _("男性")
        OTHER = "other", _("その他")
        DECLINED = "declined", _("回答しない")

    name = EncryptedTextField(_("氏名"), blank=True)
    kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    # Search keys (plain, indexed): the reading in hiragana without spaces, and a keyed hash
    # of the phone number's digits (the number itself is encrypted).
    kana_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    phone_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True, db_index=True)
    age_band = models.CharField(
        _("年代"), max_length=10, choices=AgeBand.choices, blank=True, default=""
    )
    sex = models.CharField(_("性別"), max_length=10, choices=Sex.choices, blank=True, default="")
    address = EncryptedTextField(_("住所"), blank=True)
    phone = EncryptedTextField(_("電話番号"), blank=True)
    email = EncryptedTextField(_("メールアドレス"), blank=True)
    notes = EncryptedTextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した職員"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True, editable=False)
    is_sample = models.BooleanField(_("サンプル"), default=False, editable=False)

    objects = PersonQuerySet.as_manager()

    # Fields shown and changed by staff (ChangeRecord covers exactly these).
    TRACKED_FIELDS = (
        "name",
        "kana",
        "birth_date",
        "age_band",
        "sex",
        "address",
        "phone",
        "email",
        "notes",
    )
    PERSONAL_FIELDS = ("name", "kana", "address", "phone", "email", "notes")

    class Meta:
        verbose_name = _("本人")
        verbose_name_plural = _("本人")
        indexes = [
            # The case list's kana search walks cases newest first and tests each one's
            # reading: with the reading beside the key (INCLUDE, PostgreSQL) that test reads
            # the index alone, not the person's row.
            models.Index(fields=["id"], include=["kana_key"], name="person_kana_by_id"),
        ]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in admin pages (protected-object lists), logs and
        # error reports. Templates show `person.name` where the rule allows it.
        return gettext("本人 #%(pk)s") % {"pk": self.pk}

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The search keys are written with what they are made from (kana_key with the name or
        the reading, phone_index with the phone), and whenever the reading is written, so is
        its copy on the person's cases (Case.person_kana_key; a no-op when they have it): a
        copy of the person read before a correction, saved later, leaves the reading and its
        copies alike, never one without the other.

        In one transaction, the cases after the person's row: that row's lock is then held
        until commit, so a case given this person meanwhile is either written before the
        cases are read here (and is found) or reads the new reading (Case._person_reading
        waits for the lock)."""
        self.fill_search_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if update_fields & {"name", "kana"}:
                update_fields.add("kana_key")
            if "phone" in update_fields:
                update_fields.add("phone_index")
            kwargs["update_fields"] = update_fields
        writes_reading = not self._state.adding and (
            update_fields is None or "kana_key" in update_fields
        )
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            if writes_reading:
                Case.objects.filter(person_id=self.pk).exclude(
                    person_kana_key=self.kana_key
                )._sanctioned_update(person_kana_key=self.kana_key)

    def fill_search_keys(self) -> None:
        """Set kana_key and phone_index from kana and phone (bulk_create skips save()).
        Without a kana reading, the name's dictionary reading is used (it can be wrong for
        names, so staff should type the reading they are told)."""
        from core.kana import reading_for

        self.kana_key = normalise_kana(self.kana or (reading_for(self.name) if self.name else ""))
        self.phone_index = phone_index(self.phone)


class HouseholdLink(ProtectedModel):
    """Two persons of one household (an 8050 household: a parent and an adult child)."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("親")
        CHILD = "child", _("子")
        SPOUSE = "spouse", _("配偶者")
        SIBLING = "sibling", _("きょうだい")
        GRANDPARENT = "grandparent", _("祖父母")
        GRANDCHILD = "grandchild", _("孫")
        OTHER_RELATIVE = "relative", _("その他の親族")
        OTHER = "other", _("同居人・その他")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="household_links", verbose_name=_("本人")
    )
    other = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("世帯員")
    )
    relationship = models.CharField(
        _("本人から見た続柄"), max_length=20, choices=Relationship.choices
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        verbose_name = _("世帯の関係")
        verbose_name_plural = _("世帯の関係")
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="unique_household_link"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="household_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.other_id} ({self.get_relationship_display()})"
