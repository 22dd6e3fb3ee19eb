"""The public form 「コーディネーターに相談する」.

Every message is Japanese and sits next to its field (templates/consultations/field.html);
whatever a person typed comes back on every error. The form never trusts the browser: a
value outside the choices, a missing field, text over the limits or NUL characters are
ordinary validation errors, not failures.
"""

import unicodedata
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Inquiry
from core.formfields import ModelChoiceByKeyField
from networks.models import District, phone_validator

FIELD_TEMPLATE = "consultations/field.html"
# Passed as template_name=, which every form field takes (Django 5.0); django-stubs declares
# it on Field and BooleanField only, hence the ignores on the other fields.
MESSAGE_MAX_LENGTH = 4000

# Dash-like characters people type in phone numbers (long vowel mark, minus, full-width…).
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ－", "-"))


def _messages(**extra: Any) -> dict[str, Any]:
    return {
        "max_length": _(
            "%(limit_value)d文字以内で入力してください（いまは%(show_value)d文字です）。"
        ),
        "null_characters_not_allowed": _("使えない文字（NUL文字）が含まれています。"),
        "invalid_choice": _("選択肢の中から選んでください。"),
        **extra,
    }


class PlainTextField(forms.CharField):
    """Text as people mean it: browsers send CRLF line breaks, counted here as one."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is None:  # only with empty_value=None
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")


class PhoneField(forms.CharField):
    """A phone number; full-width digits and dash-like characters become plain ones."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is None:  # only with empty_value=None
            return None
        return unicodedata.normalize("NFKC", text).translate(_DASHES)


def _privacy_help() -> str:
    # A new tab, said in the link: leaving the form would lose what was typed (the form page
    # is never cached, so going back would not bring it back).
    return format_html(
        gettext(
            '送信の前に、<a href="{url}" target="_blank" rel="noopener">個人情報の取り扱いについて'
            "（新しいタブで開きます）</a>をお読みください。"
        ),
        url=reverse("consultations:privacy"),
    )


class InquiryForm(forms.Form):
    # あなたについて
    name = forms.CharField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("お名前"),
        max_length=100,
        required=False,
        template_name=FIELD_TEMPLATE,
        help_text=_("匿名で相談したいときは、空欄のまま下の「匿名で相談する」を選んでください。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=_messages(),
    )
    anonymous = forms.BooleanField(
        label=_("匿名で相談する（名前を伝えない）"), required=False, template_name=FIELD_TEMPLATE
    )
    writer = forms.ChoiceField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("送信するのはどなたですか"),
        choices=Inquiry.Writer.choices,
        required=False,
        widget=forms.RadioSelect,
        template_name=FIELD_TEMPLATE,
        help_text=_("ご家族や、近所の方のことを相談するときも、このフォームを使えます。"),
        error_messages=_messages(),
    )
    about_relationship = forms.ChoiceField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("相談したい方は、あなたから見て"),
        choices=[("", _("選ばない")), *Inquiry.AboutRelationship.choices],
        required=False,
        template_name=FIELD_TEMPLATE,
        help_text=_(
            "相談したい方が何人かいるときは、いちばん気がかりな方との関係を選び、"
            "ほかの方のことは「ご相談の内容」に書いてください。"
        ),
        error_messages=_messages(),
    )
    # ご連絡の方法
    contact_method = forms.ChoiceField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("こちらからのご連絡の方法"),
        choices=Inquiry.ContactMethod.choices,
        widget=forms.RadioSelect,
        template_name=FIELD_TEMPLATE,
        help_text=_("「連絡は不要」を選んだ場合、お返事はできません。"),
        error_messages=_messages(required=_("ご連絡の方法を選んでください。")),
    )
    phone = PhoneField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("電話番号"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        template_name=FIELD_TEMPLATE,
        help_text=_("例：03-1234-5678"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages=_messages(),
    )
    email = forms.EmailField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("メールアドレス"),
        max_length=254,
        required=False,
        template_name=FIELD_TEMPLATE,
        help_text=_("例：nerima@example.jp"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=_messages(
            invalid=_("メールアドレスの形が正しくありません（例：nerima@example.jp）。"),
        ),
    )
    # ご相談について
    district = ModelChoiceByKeyField(
        label=_("お住まいの地区"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("選ばない・わからない"),
        template_name=FIELD_TEMPLATE,
        error_messages=_messages(),
    )
    topic = forms.ChoiceField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("どんなことのご相談ですか"),
        choices=Inquiry.Topic.choices,
        widget=forms.RadioSelect,
        template_name=FIELD_TEMPLATE,
        help_text=_("いちばん近いものを1つ選んでください。"),
        error_messages=_messages(required=_("いちばん近いものを1つ選んでください。")),
    )
    message = PlainTextField(  # type: ignore[call-arg]  # template_name: see FIELD_TEMPLATE
        label=_("ご相談の内容"),
        max_length=MESSAGE_MAX_LENGTH,
        template_name=FIELD_TEMPLATE,
        help_text=_("わかる範囲で、書ける範囲でかまいません。"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_messages(required=_("ご相談の内容を書いてください。")),
    )
    # 送信の前に
    consent = forms.BooleanField(
        label=_("個人情報の取り扱いについて同意します"),
        help_text=lazy(_privacy_help, str)(),
        template_name=FIELD_TEMPLATE,
        error_messages={
            "required": _(
                "同意いただかないと送信できません。同意できない場合は、窓口やお電話でご相談ください。"
            )
        },
    )
    # A trap for bots: hidden from people (consult.css, aria-hidden, out of the tab order).
    # A plain Field: it accepts anything, so it can never show an error of its own.
    homepage = forms.Field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shown in the label instead of 必須/任意: these are required only after a choice.
        # (An attribute of our own, which Django's fields do not declare.)
        setattr(self.fields["name"], "condition", _("匿名でなければ必須"))  # noqa: B010
        setattr(self.fields["phone"], "condition", _("「電話」を選んだら必須"))  # noqa: B010
        setattr(self.fields["email"], "condition", _("「メール」を選んだら必須"))  # noqa: B010
        setattr(  # noqa: B010
            self.fields["about_relationship"], "condition", _("ご家族・ご親族のときだけ")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("homepage"):
            raise forms.ValidationError(
                _(
                    "自動送信の疑いがあるため、まだ受け付けていません。"
                    "お手数ですが、内容を確かめて、もう一度「送信する」を押してください。"
                ),
                code="trap",
            )
        if "name" in data:
            if data.get("anonymous") and data["name"]:
                self.add_error(
                    "name",
                    _(
                        "匿名で相談する場合は、お名前を消してください。お名前を伝える場合は、"
                        "「匿名で相談する」のチェックを外してください。"
                    ),
                )
            elif not data.get("anonymous") and not data["name"]:
                self.add_error(
                    "name", _("お名前を入力するか、「匿名で相談する」を選んでください。")
                )
        if data.get("about_relationship") and data.get("writer") != Inquiry.Writer.FAMILY:
            self.add_error(
                "about_relationship",
                _(
                    "続柄は、「送信するのはどなたですか」で「ご家族・ご親族」を選んだときだけ"
                    "選んでください。"
                ),
            )
        method = data.get("contact_method")
        if method == Inquiry.ContactMethod.PHONE and "phone" in data and not data["phone"]:
            self.add_error("phone", _("「電話」を選んだ場合は、電話番号を入力してください。"))
        if method == Inquiry.ContactMethod.EMAIL and "email" in data and not data["email"]:
            self.add_error(
                "email", _("「メール」を選んだ場合は、メールアドレスを入力してください。")
            )
        return data

    def inquiry_fields(self) -> dict[str, Any]:
        """The cleaned values as consultations.services.inquiry_submit takes them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "contact_method": data["contact_method"],
            "phone": data["phone"],
            "email": data["email"],
            "district": data["district"],
            "topic": data["topic"],
            "message": data["message"],
            "writer": data["writer"],
            "about_relationship": data.get("about_relationship", ""),
        }
