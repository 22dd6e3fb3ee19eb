"""Forms of the invitation's steps (staff/onboarding_views.py)."""

from typing import Any

from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models import StaffInvitation


class InvitationPasswordForm(forms.Form):
    """The password of the new account, checked by Django's validators (AUTH_PASSWORD_VALIDATORS)
    against the invited person's name and address too."""

    password1 = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
        error_messages={"required": _("パスワードを入力してください。")},
    )
    password2 = forms.CharField(
        label=_("パスワード（確認のためもう一度）"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("確認のため、同じパスワードをもう一度入力してください。")},
    )

    def __init__(self, invitation: StaffInvitation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data["password2"]
        if first and first != second:
            raise forms.ValidationError(_("2つのパスワードが一致しません。"), code="mismatch")
        return second

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        password = cleaned_data.get("password2")
        if password:
            # The account does not exist yet: validate against what it will hold.
            future = User(email=self.invitation.email, name=self.invitation.name)
            try:
                password_validation.validate_password(password, future)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class AuthenticatorAppForm(ActivateTOTPForm):
    """allauth's TOTP form (the secret kept in the session, the code checked with its rate
    limit), labelled for this page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("認証アプリに表示された6桁のコード")
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": ""}
        )


class SecurityKeyForm(AddWebAuthnForm):
    """allauth's security key form: the credential the browser made (verified against the
    challenge kept in the session) and a name for the key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("キーの名前")
        self.fields["name"].help_text = _("あとで見分けるための名前です（例：青いキー）。")
        self.fields["name"].max_length = 100
