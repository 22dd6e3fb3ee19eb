"""Sample sign-ups: two sample activities take sign-ups through the portal (for trying the
join form locally). Only activities marked サンプル are touched; loaded by `load_sample_data`."""

from networks.models import Activity
from participation.models import ParticipationSettings

# Sample activity (title without the サンプル suffix) -> how it takes sign-ups
SIGN_UPS = {
    "防災ワークショップ": {"capacity": 20, "question": "食物アレルギーはありますか。"},
    "車いす体験講座": {"capacity": 12, "role": ParticipationSettings.Role.HELPER},
}


def load() -> int:
    """Idempotent: every copy of those sample activities takes sign-ups; returns how many."""
    made = 0
    for title, settings in SIGN_UPS.items():
        activities = Activity.objects.filter(is_sample=True, title__startswith=f"{title}（サンプル")
        for activity in activities.filter(participation_settings__isnull=True):
            ParticipationSettings.objects.create(activity=activity, **settings)
            made += 1
    return made
