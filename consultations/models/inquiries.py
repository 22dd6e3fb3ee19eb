"""Inquiries (相談の申込み) from the public form 「コーディネーターに相談する」."""

import datetime as dt
import secrets

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models.cases import Case
from consultations.permissions import can_view_inquiries
from core.fields import EncryptedTextField

# Reference numbers avoid look-alike characters (0/O, 1/I/L) so they can be read out by phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user: "User | AnonymousUser") -> "InquiryQuerySet":
        """Consultation staff (with MFA) see the triage queue; an inquiry already taken into a
        case is visible only to those who may see that case (a restricted case hides its
        inquiry too). Nobody else sees any."""
        if not can_view_inquiries(user):
            return self.none()
        return self.filter(
            models.Q(case__isnull=True) | models.Q(case__in=Case.objects.visible_to(user))
        )

    def sent_since(self, since: dt.datetime, *, sender_key: str) -> "InquiryQuerySet":
        """What one sender (a hashed address, see services.sender_key_for) sent since a time."""
        return self.filter(sender_key=sender_key, received_at__gte=since)


class Inquiry(models.Model):
    """A request sent through 「コーディネーターに相談する」; staff take it into a case.

    Personal data: visible to consultation staff only (see accounts/roles.py).
    """

    class Topic(models.TextChoices):
        LIVING = "living", _("暮らし・お金のこと")
        CARE = "care", _("介護・高齢のこと")
        DISABILITY = "disability", _("障害のこと")
        CHILDREN = "children", _("子ども・子育てのこと")
        ISOLATION = "isolation", _("孤立・ひきこもりのこと")
        NEIGHBOURHOOD = "neighbourhood", _("地域の活動・ボランティアのこと")
        OTHER = "other", _("その他")

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("電話")
        EMAIL = "email", _("メール")
        NONE = "none", _("連絡は不要")

    class Writer(models.TextChoices):
        """Who is writing; the values are Case.CameFrom's (the case's 相談者 at conversion)."""

        SELF = "self", _("ご本人")
        FAMILY = "family", _("ご家族・ご親族")
        COMMISSIONER = "commissioner", _("民生委員・児童委員")
        AGENCY = "agency", _("関係機関の方")
        NEIGHBOUR = "neighbour", _("近所の方・知人")
        OTHER = "other", _("その他")

    class AboutRelationship(models.TextChoices):
        """A family member writing: the person they write about is their …"""

        PARENT = "parent", _("親（父・母）")
        CHILD = "child", _("子")
        SPOUSE = "spouse", _("配偶者")
        SIBLING = "sibling", _("きょうだい")
        GRANDPARENT = "grandparent", _("祖父母")
        GRANDCHILD = "grandchild", _("孫")
        RELATIVE = "relative", _("その他の親族")

    class Status(models.TextChoices):
        NEW = "new", _("未対応")
        TAKEN = "taken", _("対応中")
        CLOSED = "closed", _("対応済み")

    reference = models.CharField(
        _("受付番号"), max_length=9, unique=True, default=new_reference, editable=False
    )
    # What the resident wrote is encrypted like case data (core.fields): nothing filters on it
    # (staff find an inquiry by its reference, the rate limit by sender_key).
    name = EncryptedTextField(_("お名前"), max_length=100, blank=True)
    contact_method = models.CharField(_("連絡方法"), max_length=10, choices=ContactMethod.choices)
    phone = EncryptedTextField(_("電話番号"), max_length=20, blank=True)
    email = EncryptedTextField(_("メールアドレス"), max_length=254, blank=True)
    district = models.ForeignKey(
        "networks.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("お住まいの地区"),
    )
    writer = models.CharField(
        _("送信した方"), max_length=20, choices=Writer.choices, blank=True, default=""
    )
    about_relationship = models.CharField(
        _("相談したい方との関係（送信した方から見て）"),
        max_length=20,
        choices=AboutRelationship.choices,
        blank=True,
        default="",
    )
    topic = models.CharField(_("相談の内容"), max_length=20, choices=Topic.choices)
    message = EncryptedTextField(_("ご相談の内容"), max_length=4000)
    consented_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"))
    # HMAC of the sender's network address: lets the form count recent submissions (rate limit)
    # without storing the address itself.
    sender_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.NEW)
    received_at = models.DateTimeField(_("受付日時"), auto_now_add=True, db_index=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("相談の申込み")
        verbose_name_plural = _("相談の申込み")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["sender_key", "received_at"], name="inquiry_sender_recent")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return not self.name

    @property
    def wants_reply(self) -> bool:
        return self.contact_method != self.ContactMethod.NONE
