from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations (相談): the public inquiry form and statistics, and the case records that
    the staff workspace (the staff app) works on."""

    name = "consultations"
    verbose_name = _("相談")
