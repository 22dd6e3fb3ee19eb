from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search across the plan, the network's directory and approved stories."""

    name = "search"
    verbose_name = _("サイト内検索")
