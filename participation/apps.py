from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Taking part (柱3 参加する): joining an activity's dates, the roster, a personal calendar."""

    name = "participation"
    verbose_name = _("活動への参加")

    def ready(self) -> None:
        from core import objections
        from core.signals import occurrences_removed
        from networks.models import Activity
        from participation import receivers

        occurrences_removed.connect(
            receivers.occurrences_removed, dispatch_uid="participation.occurrences_removed"
        )
        objections.register(Activity, receivers.activity_objections)
        objections.register_date_move(receivers.date_move_objections)
