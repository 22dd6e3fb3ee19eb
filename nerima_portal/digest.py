"""The weekly digest (週に一度の新着のまとめ): for each resident who chose it, what is new in
the districts and hashtags they follow — stories approved, activities added or changed, the
network's public meetings announced or with minutes published (in their districts, or
ward-wide), and action items' progress (timeline entries) — one e-mail through the outbox,
none when nothing is new. It spans nerizu, networks and progress, so it lives on the top floor.

Run weekly by the task queue (nerima_portal/schedule.py). A resident's digest is stored in the
same transaction as their `last_digest_at`, so a run that is repeated (or retried after a
crash) never sends anyone two digests in one week.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import emails
from core.links import site_url
from nerizu.models import Following, Story
from nerizu.services import unsubscribe_headers, unsubscribe_token, unsubscribe_url
from networks.models import Activity, Meeting
from progress.models import TimelineEntry

WEEK = timedelta(days=7)
# A little under a week, so that a run a few minutes early still counts as next week's.
MIN_GAP = timedelta(days=6)
LIMIT = 10  # items of each kind in one digest


def digest_for(following: Following, *, since: datetime) -> dict[str, list[dict[str, str]]]:
    """What is new for this resident since `since` (titles and public links only)."""
    districts = [district.pk for district in following.districts.all()]
    hashtags = [hashtag.pk for hashtag in following.hashtags.all()]
    if not districts and not hashtags:
        return {"stories": [], "activities": [], "meetings": [], "progress": []}
    stories = (
        Story.objects.approved()
        .filter(reviewed_at__gte=since, nerizu__district__in=districts)
        .order_by("-reviewed_at")[:LIMIT]
    )
    activities = (
        Activity.objects.public()
        .filter(updated_at__gte=since)
        .filter(Q(district__in=districts) | Q(hashtags__in=hashtags))
        .distinct()
        .order_by("-updated_at")[:LIMIT]
    )
    meetings = (
        Meeting.objects.public()
        .filter(Q(updated_at__gte=since) | Q(minutes_published_at__gte=since))
        .filter(Q(district__in=districts) | Q(district__isnull=True) if districts else Q(pk=None))
        .order_by("-starts_at", "-pk")[:LIMIT]
    )
    progress = (
        TimelineEntry.objects.filter(
            date__gte=timezone.localdate(since), action_item__hashtags__in=hashtags
        )
        .select_related("action_item")
        .distinct()
        .order_by("-date", "-pk")[:LIMIT]
    )
    return {
        "stories": [{"title": s.title, "url": site_url(s.get_absolute_url())} for s in stories],
        "activities": [
            {"title": a.title, "url": site_url(a.get_absolute_url())} for a in activities
        ],
        "meetings": [
            {
                "title": f"{meeting.get_kind_display()}：{meeting.title}"
                f"（{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}）",
                "url": site_url(meeting.get_absolute_url()),
            }
            for meeting in meetings
        ],
        "progress": [
            {
                "title": f"{entry.action_item.title}：{entry.title}",
                "url": site_url(reverse("progress:item", kwargs={"pk": entry.action_item_id})),
            }
            for entry in progress
        ],
    }


def weekly_digests_send(*, now: datetime | None = None) -> int:
    """Queue this week's digest for everyone due; returns how many were queued."""
    now = now or timezone.now()
    due = (
        Following.objects.filter(weekly_digest=True, user__is_active=True)
        .exclude(user__email="")
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - MIN_GAP))
        .select_related("user")
        .prefetch_related("districts", "hashtags")
    )
    sent = 0
    for following in due:
        since = max(following.last_digest_at or now - WEEK, now - WEEK)
        news = digest_for(following, since=since)
        with transaction.atomic():
            claimed = Following.objects.filter(
                pk=following.pk, last_digest_at=following.last_digest_at
            ).update(last_digest_at=now)
            if not claimed:  # another run took it
                continue
            if any(news.values()):
                token = unsubscribe_token(
                    user_id=following.user_id, audience="digest", message_id=None
                )
                emails.send(
                    "weekly_digest",
                    {
                        **news,
                        "name": following.user.name,
                        "settings_url": site_url(reverse("nerizu:following")),
                        "unsubscribe_url": unsubscribe_url(token),
                    },
                    to=[following.user.email],
                    headers=unsubscribe_headers(token),
                )
                sent += 1
    return sent
