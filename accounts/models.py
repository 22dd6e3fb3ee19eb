import datetime as dt
import secrets
from typing import ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.crypto import token_digest


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: resident, coordinator or staff. Identified by e-mail.

    One `name` field: Japanese and foreign names do not split into first/last alike.
    """

    email = models.EmailField(_("メールアドレス"), unique=True)
    name = models.CharField(_("氏名"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("管理画面を利用できる"),
        default=False,
        help_text=_("管理画面にログインできるかどうか。"),
    )
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    # Set per request by accounts.second_factor.SecondFactorMiddleware: this session checked
    # a TOTP code or security key. False on any user object that did not come from a request.
    second_factor_passed = False

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email


# --- Invitations: a single-use link that makes an account -------------------------------------


class InvitationUnusableError(Exception):
    """The invitation cannot be used (any more): `state` says why, an InvitationBase.State or
    TAKEN."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


TAKEN = "taken"  # why an invitation cannot be used, besides its state: the address has an account

_I = TypeVar("_I", bound="InvitationBase")


class InvitationQuerySet(models.QuerySet[_I]):
    def pending(self) -> Self:
        """Neither used nor revoked nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def for_token(self, token: str) -> _I | None:
        """The invitation a link's token names, whatever its state; None for a forged or
        mangled link (refused by its signature before any lookup)."""
        try:
            raw = self.model.link_signer().unsign(token)
        except signing.BadSignature:
            return None
        return self.filter(token_hash=token_digest(raw)).first()

    def lock_pending(self, pk: int) -> _I:
        """The invitation `pk`, its row locked to the end of the transaction; raises
        InvitationUnusableError when it is no longer pending (used meanwhile, expired,
        revoked)."""
        locked = self.select_for_update().get(pk=pk)
        if locked.state != InvitationBase.State.PENDING:
            raise InvitationUnusableError(locked.state)
        return locked


class InvitationBase(models.Model):
    """An invitation by e-mail: a link that works once and until `expires_at` (for
    STAFF_INVITATION_HOURS from when it was issued or sent again). The link carries a random
    token, signed with the model's `link_salt` (a forged or mistyped link is refused before any
    lookup); only the token's SHA-256 is stored, so the table alone opens nothing.

    The concrete models (consultations.StaffInvitation, networks.EditorInvitation) add what the
    invitee becomes, and keep their own table."""

    class State(models.TextChoices):
        PENDING = "pending", _("未使用")
        ACCEPTED = "accepted", _("使用済み")
        EXPIRED = "expired", _("期限切れ")
        REVOKED = "revoked", _("取り消し")

    # The link signer's salt: a token of one kind of invitation is no token of another
    link_salt: ClassVar[str]

    email = models.EmailField(_("メールアドレス"))
    name = models.CharField(_("氏名"), max_length=150)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("招待した日時"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("招待した人")
    )
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("使用した日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("取り消した日時"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @classmethod
    def link_signer(cls) -> signing.Signer:
        return signing.Signer(salt=cls.link_salt, sep=".")

    def new_token(self) -> str:
        """A new link's token, valid from now: its hash, `created_at` and `expires_at` are set
        (not saved; once saved, an earlier link stops working). Returns the signed token the
        link carries."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = token_digest(raw)
        self.created_at = timezone.now()
        self.expires_at = self.created_at + dt.timedelta(hours=settings.STAFF_INVITATION_HOURS)
        return self.link_signer().sign(raw)

    def renew(self) -> str:
        """Send again: a new link with a new expiry, saved, so the earlier link stops working
        (and a revoked invitation works again). Returns the signed token the new link carries."""
        token = self.new_token()
        self.revoked_at = None
        self.save(update_fields=["token_hash", "created_at", "expires_at", "revoked_at"])
        return token

    def revoke(self) -> None:
        """The link stops working, now."""
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def mark_accepted(self, *also: str) -> None:
        """Used up, now (`also`: fields the concrete model set with it, saved together)."""
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at", *also])
