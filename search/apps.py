from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search across the plan, the network's directory and approved stories."""

    name = "search"
    verbose_name = _("サイト内検索")

    def ready(self) -> None:
        from search import receivers

        receivers.connect()
        post_migrate.connect(_fill_index, sender=self, dispatch_uid="search-fill-index")


def _fill_index(using: str = "default", **kwargs: Any) -> None:
    """A database that had records before the index existed gets them indexed at `migrate`
    (not when search's migrations were just unapplied: no table)."""
    from django.db import connections

    from search.indexing import index_rebuild_if_empty
    from search.models import Entry

    if Entry._meta.db_table in connections[using].introspection.table_names():
        index_rebuild_if_empty()
