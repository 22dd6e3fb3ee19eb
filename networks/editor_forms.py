"""Forms of member organisations' editors and of the coordinators who review their proposals."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.editing import FIELDS
from networks.forms import WEEK_CHOICES, WEEKDAY_CHOICES
from networks.models import Activity, EditorInvitation, Facility, Member, Proposal

CHECKBOXES = forms.CheckboxSelectMultiple


class MemberEditForm(forms.ModelForm):
    website = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")

    class Meta:
        model = Member
        fields = FIELDS[Proposal.Kind.MEMBER]
        widgets = {"districts": CHECKBOXES, "themes": CHECKBOXES}


class FacilityEditForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = FIELDS[Proposal.Kind.FACILITY]
        widgets = {"target_groups": CHECKBOXES}


class ActivityEditForm(forms.ModelForm):
    """An activity of the editor's organisation; its venue one of the organisation's own
    facilities (or a place typed in)."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("曜日"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=CHECKBOXES,
        help_text=_("「毎週」「毎月」のときに選びます。"),
    )
    weeks_of_month = forms.TypedMultipleChoiceField(
        label=_("第何週"),
        choices=WEEK_CHOICES,
        coerce=int,
        required=False,
        widget=CHECKBOXES,
        help_text=_("「毎月」のときに選びます（例：第2と第4）。"),
    )

    class Meta:
        model = Activity
        fields = FIELDS[Proposal.Kind.ACTIVITY]
        widgets = {
            "audiences": CHECKBOXES,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facility = self.fields["facility"]
        facility.queryset = Facility.objects.filter(member=member)  # type: ignore[attr-defined]


class EditorInviteForm(forms.ModelForm):
    """A coordinator's invitation of an editor."""

    class Meta:
        model = EditorInvitation
        fields = ["member", "name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.only("pk", "name", "name_kana")  # type: ignore[attr-defined]
        self.fields["member"].error_messages["required"] = _("会員を選んでください。")
        self.fields["name"].error_messages["required"] = _("氏名を入力してください。")
        self.fields["email"].error_messages["required"] = _("メールアドレスを入力してください。")


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("差し戻しの理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("編集担当の方にそのまま届きます。直してほしいところを具体的に書いてください。"),
        error_messages={"required": _("差し戻す理由を書いてください。")},
    )
