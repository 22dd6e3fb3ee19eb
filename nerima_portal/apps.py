from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NerimaPortalConfig(AppConfig):
    """The top floor: settings, URLs and wiring, and the commands that load sample and benchmark
    data for every app (each app keeps its own in sample_data.py)."""

    name = "nerima_portal"
    verbose_name = "練馬区社協ポータル"

    def ready(self) -> None:
        from nerima_portal.content import watch_content

        watch_content()
        # Every deploy runs migrate: pages rendered by the previous code's templates go.
        post_migrate.connect(_deployed, sender=self, dispatch_uid="pagecache:migrate")


def _deployed(using: str, **kwargs: Any) -> None:
    from core.pagecache import content_changed

    content_changed(using=using)
