from django.apps import AppConfig


class NerimaPortalConfig(AppConfig):
    """The top floor: settings, URLs and wiring, and the commands that load sample and benchmark
    data for every app (each app keeps its own in sample_data.py)."""

    name = "nerima_portal"
    verbose_name = "練馬区社協ポータル"
