from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The consultation staff's workspace at /staff/ (相談業務画面), not the Django admin."""

    name = "staff"
    verbose_name = _("相談業務")
