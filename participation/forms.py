import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.templatetags.display import date_with_weekday
from participation.models import ParticipationSettings


class JoinForm(forms.Form):
    """Step 1: the date (unless the whole series is joined) and the answer to the question.
    Step 2 posts the same fields again with `confirm`."""

    date = forms.TypedChoiceField(
        label=_("参加する日"),
        widget=forms.RadioSelect,
        coerce=dt.date.fromisoformat,
        error_messages={
            "required": _("参加する日を選んでください。"),
            "invalid_choice": _("選んだ日には申し込めません。表示されている日から選んでください。"),
        },
    )
    answer = forms.CharField(
        label="", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, offer: ParticipationSettings, dates: list[dt.date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if offer.is_series:
            del self.fields["date"]
        else:
            date_field = cast(forms.TypedChoiceField, self.fields["date"])
            date_field.choices = [(d.isoformat(), date_with_weekday(d)) for d in dates]
        if offer.question:
            self.fields["answer"].label = offer.question
            self.fields["answer"].help_text = _("500字まで。")
        else:
            del self.fields["answer"]

    def chosen_date(self) -> dt.date | None:
        return self.cleaned_data.get("date")


class AttendanceForm(forms.Form):
    """Afterwards: who came. One checkbox per confirmed participant (`attended`)."""

    attended = forms.TypedMultipleChoiceField(
        label=_("出席した人"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["attended"])
        field.choices = choices
