import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.images import ACCEPT, MAX_UPLOAD_MEGABYTES, reencode_photo
from nerizu.models import Following, Message, Nerizu, Story
from networks.models import Activity, District
from pillars.models import Hashtag, validate_hashtag_name

NAME_MAX_LENGTH = Hashtag._meta.get_field("name").max_length or 50


class NerizuForm(forms.ModelForm):
    """A Nerizu's registration: what they show, where they live, what they care about."""

    class Meta:
        model = Nerizu
        fields = ["display_name", "district", "interests", "how_to_help"]
        widgets = {
            "district": forms.RadioSelect,
            "interests": forms.CheckboxSelectMultiple,
            "how_to_help": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "display_name": _(
                "活動紹介に表示する名前です。ニックネームでも構いません。"
                "本名やメールアドレスは入れないでください。"
            ),
            "district": _("お住まいか、主に活動する地区を選んでください。"),
            "interests": _("関心のあることを、いくつでも選べます。"),
            "how_to_help": _("例：月に一度、近所のサロンの準備を手伝いたい。"),
        }
        error_messages = {
            "display_name": {"required": _("表示名を入力してください。")},
            "district": {"required": _("地区を選んでください。")},
        }


class NerizuJoinForm(NerizuForm):
    """Registration plus consent to the terms, which a first registration requires."""

    agree = forms.BooleanField(
        label=_("ネリーズ利用規約に同意します"),
        error_messages={"required": _("登録するには、ネリーズ利用規約への同意が必要です。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agree"].help_text = format_html(
            gettext('登録の前に<a href="{}">ネリーズ利用規約</a>をお読みください。'),
            reverse("nerizu:terms"),
        )


class StoryForm(forms.ModelForm):
    """A story with an optional photo; the photo is checked and re-encoded in clean_photo.

    The form never writes to a saved story: it validates a throwaway instance and the view
    hands the cleaned data to nerizu.services.
    """

    photo = forms.FileField(
        label=_("写真"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    remove_photo = forms.BooleanField(label=_("今の写真を削除する"), required=False)

    field_order = ["title", "body", "hashtags", "photo", "remove_photo", "photo_alt"]

    class Meta:
        model = Story
        fields = ["title", "body", "hashtags", "photo_alt"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "hashtags": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "hashtags": _(
                "当てはまるものがあれば選びます（いくつでも）。ハッシュタグのページにも載ります。"
                "ほかに合うものがあれば、コーディネーターが確認のときに付けます。"
            ),
            "title": _("例：商店街の見守りパトロールに参加しました"),
            "body": _("2000字まで。ほかの方のお名前や連絡先は書かないでください。"),
            "photo_alt": _("写真が見えない方のために、何が写っているかを短く書きます。"),
        }
        error_messages = {
            "title": {"required": _("タイトルを入力してください。")},
            "body": {"required": _("本文を入力してください。")},
        }

    def __init__(self, *args: Any, has_photo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo
        self.fields["photo"].help_text = _(
            "JPEG・PNG・WebP形式、%(mb)sMBまで。位置情報などの撮影情報は取り除いて保存します。"
            "写っている方の了解を得てから投稿してください。"
        ) % {"mb": MAX_UPLOAD_MEGABYTES}
        if not has_photo:
            del self.fields["remove_photo"]
        else:
            self.fields["photo"].label = _("写真を差し替える")

    def clean_photo(self) -> object:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return reencode_photo(upload)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        keeps_photo = self.has_photo and not cleaned.get("remove_photo")
        new_photo = bool(cleaned.get("photo"))
        if (new_photo or keeps_photo) and not cleaned.get("photo_alt", "").strip():
            self.add_error(
                "photo_alt",
                _("写真の説明を入力してください。写真が見えない方に、何が写っているかを伝えます。"),
            )
        return cleaned


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for the password once more."""

    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("確認のため、今のパスワードを入力してください。"),
        error_messages={"required": _("パスワードを入力してください。")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("パスワードが正しくありません。"), code="wrong_password")
        return password


class StoryAdminForm(forms.ModelForm):
    """A coordinator's review of a story: its text, its hashtags (existing ones, and new ones
    typed in, when the coordinator may create tags), and approving it in the same save."""

    new_hashtags = forms.CharField(
        label=_("新しいハッシュタグ"),
        required=False,
        max_length=300,
        help_text=_(
            "一覧にないハッシュタグを付けるときに入力します。いくつかあるときは読点（、）か"
            "空白で区切ります（例：見守り、防災）。「#」は要りません。"
        ),
    )
    approve_now = forms.BooleanField(
        label=_("保存して公開する（承認）"),
        required=False,
        help_text=_("確認待ちの活動紹介を、この保存と同時に承認して公開します。"),
    )

    MAX_NEW_HASHTAGS = 10

    class Meta:
        model = Story
        fields = ["title", "body", "photo_alt", "hashtags"]

    def clean_new_hashtags(self) -> list[str]:
        text = self.cleaned_data.get("new_hashtags", "")
        names = list(
            dict.fromkeys(
                part.strip().lstrip("#＃") for part in re.split(r"[、,，\s]+", text) if part.strip()
            )
        )
        if len(names) > self.MAX_NEW_HASHTAGS:
            raise forms.ValidationError(
                _("新しいハッシュタグは一度に%(n)d個までにしてください。")
                % {"n": self.MAX_NEW_HASHTAGS}
            )
        for name in names:
            if len(name) > NAME_MAX_LENGTH:
                raise forms.ValidationError(
                    _("「%(name)s」は長すぎます。%(n)d文字までにしてください。")
                    % {"name": name, "n": NAME_MAX_LENGTH}
                )
            try:
                validate_hashtag_name(name)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("「%(name)s」：%(message)s") % {"name": name, "message": error.messages[0]}
                ) from None
        return names


class FollowingForm(forms.ModelForm):
    """マイページ → フォローとお知らせ: districts and hashtags followed, and which mail to get."""

    class Meta:
        model = Following
        fields = [
            "districts",
            "hashtags",
            "district_messages",
            "hashtag_messages",
            "activity_messages",
            "weekly_digest",
        ]
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            "hashtags": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "weekly_digest": _(
                "フォローしている地区とハッシュタグの、新しい活動紹介・活動・アクション項目の進み具合を"
                "月曜日の朝にお送りします。"
            ),
        }


class MessageForm(forms.ModelForm):
    """A coordinator's message: to whom (their districts only), subject and body."""

    AUDIENCES = (Message.Audience.DISTRICT, Message.Audience.HASHTAG, Message.Audience.ACTIVITY)

    class Meta:
        model = Message
        fields = ["audience", "district", "hashtag", "activity", "subject", "body"]
        widgets = {
            "audience": forms.RadioSelect,
            "district": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "hashtag": _(
                "担当地区のネリーズのうち、このハッシュタグをフォローしている人に送ります。"
            ),
            "activity": _(
                "担当地区の活動から選びます。参加予定・キャンセル待ちのネリーズに送ります。"
            ),
            "body": _(
                "ひとりずつ別のメールで届きます。受け取る人のメールアドレスは、ほかの人には見えません。"
            ),
        }
        error_messages = {
            "audience": {"required": _("宛先を選んでください。")},
            "district": {"invalid_choice": _("担当している地区から選んでください。")},
            "subject": {"required": _("件名を入力してください。")},
            "body": {"required": _("本文を入力してください。")},
        }

    def __init__(self, *args: Any, remit: QuerySet[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audience, district = self.fields["audience"], self.fields["district"]
        if not isinstance(audience, forms.ChoiceField) or not isinstance(
            district, forms.ModelChoiceField
        ):
            raise TypeError("audience and district are choices")
        audience.choices = [
            (value, label) for value, label in Message.Audience.choices if value in self.AUDIENCES
        ]
        district.queryset = remit.order_by("order", "pk")
        district.empty_label = None
        activity = self.fields["activity"]
        if isinstance(activity, forms.ModelChoiceField):
            activity.queryset = Activity.objects.filter(district__in=remit).order_by("title", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        if audience == Message.Audience.DISTRICT and not data.get("district"):
            self.add_error("district", _("地区を選んでください。"))
        if audience == Message.Audience.HASHTAG and not data.get("hashtag"):
            self.add_error("hashtag", _("ハッシュタグを選んでください。"))
        if audience == Message.Audience.ACTIVITY and not data.get("activity"):
            self.add_error("activity", _("活動を選んでください。"))
        # Only the chosen audience's target is kept
        for name, kept_for in (
            ("district", Message.Audience.DISTRICT),
            ("hashtag", Message.Audience.HASHTAG),
            ("activity", Message.Audience.ACTIVITY),
        ):
            if audience != kept_for:
                data[name] = None
        return data
