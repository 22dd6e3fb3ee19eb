from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NerizuConfig(AppConfig):
    """ネリーズ: residents registered as community welfare promoters, and their stories."""

    name = "nerizu"
    verbose_name = _("ネリーズ")
