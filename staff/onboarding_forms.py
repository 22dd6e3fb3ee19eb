"""Forms of the invitation's steps (staff/onboarding_views.py); its password form is
accounts.forms.InvitationPasswordForm, shared with member organisations' editors."""

from typing import Any

from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django.utils.translation import gettext_lazy as _


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
