from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """The staff back office for consultations (相談). Built in a later issue."""

    name = "consultations"
    verbose_name = _("相談")
