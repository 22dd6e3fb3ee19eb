from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import InvitationBase, User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class InvitationPasswordForm(forms.Form):
    """The password of an account made from an invitation (staff: staff/onboarding_views.py;
    member organisations' editors: networks/editor_views.py), checked by Django's validators
    (AUTH_PASSWORD_VALIDATORS) against the invited person's name and address too."""

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

    def __init__(self, invitation: InvitationBase, *args: Any, **kwargs: Any) -> None:
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
