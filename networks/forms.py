from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from core.images import ACCEPT as PHOTO_ACCEPT
from core.images import reencode_photo
from networks.models import Activity, Coordinator


class MapPickerWidget(forms.NumberInput):
    """A latitude input followed by a map (for a Located model's admin form): a click on the
    map fills this input and the longitude input beside it, and moves the marker. Both stay
    plain number inputs, usable without JavaScript; static/js/maps.js finds the map by its
    data- attributes (the CSP allows no inline script)."""

    template_name = "admin/networks/map_picker.html"

    def __init__(self, *, longitude_field: str = "longitude", **kwargs: Any) -> None:
        self.longitude_field = longitude_field
        super().__init__(**kwargs)

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "css/map.css"]}
        js = ["vendor/leaflet/leaflet.js", "js/maps.js"]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        latitude_id = context["widget"]["attrs"].get("id", f"id_{name}")
        field = name.rsplit("-", 1)[-1]  # "latitude", also in an inline ("form-0-latitude")
        context["map"] = {
            "latitude_id": latitude_id,
            "longitude_id": latitude_id[: -len(field)] + self.longitude_field,
            **map_settings(),
        }
        return context


def map_settings() -> dict[str, str]:
    """What a map needs: the tile URL and its attribution, and the marker images (by their
    static URLs: Leaflet's own guess fails on the hashed file names of the manifest)."""
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
        "icon": static("vendor/leaflet/images/marker-icon.png"),
        "icon_2x": static("vendor/leaflet/images/marker-icon-2x.png"),
        "shadow": static("vendor/leaflet/images/marker-shadow.png"),
    }


# Stored as Python's weekday() numbers (Monday is 0) and week-of-month numbers (1–5)
WEEKDAY_CHOICES = [
    (0, _("月曜日")),
    (1, _("火曜日")),
    (2, _("水曜日")),
    (3, _("木曜日")),
    (4, _("金曜日")),
    (5, _("土曜日")),
    (6, _("日曜日")),
]
WEEK_CHOICES = [(1, _("第1週")), (2, _("第2週")), (3, _("第3週")), (4, _("第4週")), (5, _("第5週"))]


class ActivityAdminForm(forms.ModelForm):
    """The recurring rule as checkboxes (曜日, 第何週) instead of raw JSON lists."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("曜日"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「毎週」「毎月」のときに選びます。"),
    )
    weeks_of_month = forms.TypedMultipleChoiceField(
        label=_("第何週"),
        choices=WEEK_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「毎月」のときに選びます（例：第2と第4）。"),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "theme",
            "description",
            "organiser",
            "facility",
            "district",
            "venue",
            "latitude",
            "longitude",
            "stations",
            "audiences",
            "open_to_all",
            "schedule",
            "weekdays",
            "weeks_of_month",
            "start_time",
            "end_time",
            "schedule_note",
            "skips_holidays",
            "is_paused",
            "pause_reason",
            "resumes_on",
            "fee",
            "how_to_join",
            "contact",
            "hashtags",
            "last_confirmed_on",
            "is_listed",
        ]


class CoordinatorAdminForm(forms.ModelForm):
    """A coordinator's profile. A new photo is checked and re-encoded like every photo the
    portal publishes (no EXIF or GPS position leaves the council)."""

    class Meta:
        model = Coordinator
        fields = [
            "name",
            "name_kana",
            "districts",
            "account",
            "photo",
            "photo_alt",
            "strengths",
            "message",
            "order",
            "is_listed",
        ]
        # A plain file input: the default one links the current file under /media/, which
        # production does not serve (the public view is coordinators:photo).
        widgets = {"photo": forms.FileInput(attrs={"accept": PHOTO_ACCEPT})}

    def clean_photo(self) -> object:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return reencode_photo(photo)
        return photo
