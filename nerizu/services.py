"""Workflows of the nerizu app: registering, sharing stories, and deleting one's own data.

Photo files are removed only once the database change is committed (a rolled-back delete must
not leave a story pointing at a missing file).
"""

import logging
from collections.abc import Iterable

from django.core import signing
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import emails
from core.images import ensure_reencoded
from core.links import site_url
from nerizu.models import (
    TERMS_VERSION,
    Following,
    Message,
    MessageDelivery,
    Nerizu,
    Story,
    district_coordinator_emails,
)
from nerizu.storage import private_storage
from networks.models import Activity, District
from participation.models import Participation
from pillars.models import Hashtag

logger = logging.getLogger(__name__)


def nerizu_register(
    *,
    user: User,
    display_name: str,
    district: District,
    interests: Iterable[Hashtag],
    how_to_help: str,
) -> Nerizu:
    """Registers the user as ネリーズ, recording that they agreed to the current terms now."""
    with transaction.atomic():
        nerizu = Nerizu.objects.create(
            user=user,
            display_name=display_name,
            district=district,
            how_to_help=how_to_help,
            terms_version=TERMS_VERSION,
            agreed_at=timezone.now(),
        )
        nerizu.interests.set(interests)
    return nerizu


def nerizu_update(
    *,
    nerizu: Nerizu,
    display_name: str,
    district: District,
    interests: Iterable[Hashtag],
    how_to_help: str,
) -> Nerizu:
    with transaction.atomic():
        nerizu.display_name = display_name
        nerizu.district = district
        nerizu.how_to_help = how_to_help
        nerizu.save()
        nerizu.interests.set(interests)
    return nerizu


def nerizu_withdraw(*, nerizu: Nerizu) -> None:
    """Ends the registration: the Nerizu, their stories and photos go; the account stays."""
    with transaction.atomic():
        _delete_photos_on_commit(nerizu.stories.all())
        nerizu.delete()


def story_submit(
    *,
    nerizu: Nerizu,
    title: str,
    body: str,
    photo: File | None,
    photo_alt: str,
    hashtags: Iterable[Hashtag] = (),
) -> Story:
    """A new story, waiting (確認待ち) until a coordinator approves it.

    The photo is re-encoded here unless it already was (core.images); a file that is not a
    photo raises ValidationError.
    """
    story = Story(nerizu=nerizu, title=title, body=body, photo_alt=photo_alt if photo else "")
    if photo is not None:
        story.photo.save("photo.jpg", ensure_reencoded(photo), save=False)
    with transaction.atomic():
        story.save()
        story.hashtags.set(hashtags)
        story_notify_coordinators(story=story, changed=False)
    return story


def story_update(
    *,
    story: Story,
    title: str,
    body: str,
    photo: File | None,
    remove_photo: bool,
    photo_alt: str,
    hashtags: Iterable[Hashtag] = (),
) -> Story:
    """The author's changes; an approved story goes back to 確認待ち until approved again."""
    old_photo = story.photo.name
    with transaction.atomic():
        story.title = title
        story.body = body
        if photo is not None:
            story.photo.save("photo.jpg", ensure_reencoded(photo), save=False)
        elif remove_photo:
            story.photo = ""
        story.photo_alt = photo_alt if story.photo else ""
        story.reopen_for_review()
        story.save()
        story.hashtags.set(hashtags)
        story_notify_coordinators(story=story, changed=True)
        if old_photo and old_photo != story.photo.name:
            transaction.on_commit(lambda: private_storage.delete(old_photo))
    return story


def story_add_new_hashtags(*, story: Story, names: Iterable[str]) -> list[Hashtag]:
    """Hashtags a coordinator adds while reviewing a story: an existing tag of the name is
    reused, a new one is created; both are put on the story. Returns them."""
    tags = [Hashtag.objects.get_or_create(name=name)[0] for name in names]
    story.hashtags.add(*tags)
    return tags


def story_delete(*, story: Story) -> None:
    with transaction.atomic():
        _delete_photos_on_commit([story])
        story.delete()


def account_delete(*, user: User) -> None:
    """Deletes the account and everything personal hanging from it.

    The user row cascades to the Nerizu registration, its stories, allauth's e-mail addresses
    and confirmations; the photo files follow once that is committed.
    """
    with transaction.atomic():
        _delete_photos_on_commit(Story.objects.filter(nerizu__user=user))
        user.delete()


def _delete_photos_on_commit(stories: Iterable[Story]) -> None:
    names = [name for story in stories if (name := story.photo.name)]

    def delete_files() -> None:
        for name in names:
            private_storage.delete(name)

    if names:
        transaction.on_commit(delete_files)


# --- Notifications ---------------------------------------------------------------------------


def story_notify_coordinators(*, story: Story, changed: bool) -> None:
    """Tell the coordinators of the story's district that a story waits for their review (its
    title and where to review it; the story itself is read in the admin)."""
    recipients = district_coordinator_emails(story.nerizu.district_id)
    if not recipients:
        logger.warning("Story %s waits for review; its district has no coordinator", story.pk)
        return
    context = {
        "story_title": story.title,
        "district": story.nerizu.district.name,
        "changed": changed,
        "admin_url": site_url(reverse("admin:nerizu_story_change", args=[story.pk])),
    }
    emails.send("story_posted", context, to=recipients)


def story_review(*, story: Story, approve: bool, by: User) -> None:
    """A coordinator approves (publishes) or sends back a story; its author is told."""
    with transaction.atomic():
        story.review(approve=approve, by=by)
        author = story.nerizu.user
        if not author.is_active or not author.email:
            return
        context = {
            "display_name": story.nerizu.display_name,
            "story_title": story.title,
            "story_url": site_url(story.get_absolute_url()),
            "mypage_url": site_url(reverse("nerizu:me")),
        }
        name = "story_approved" if approve else "story_sent_back"
        emails.send(name, context, to=[author.email])


# --- Messages to ネリーズ ---------------------------------------------------------------------

UNSUBSCRIBE_SALT = "nerizu.unsubscribe"
# What an unsubscribe link turns off: the opt-in of its message's audience, or the digest
UNSUBSCRIBE_FIELDS = {**Message.OPT_IN, "digest": "weekly_digest"}


def message_recipients(
    *,
    audience: str,
    district: District | None,
    hashtag: Hashtag | None,
    remit: QuerySet[District],
    activity: Activity | None = None,
) -> QuerySet[Nerizu]:
    """The ネリーズ a message reaches: in the audience, inside the sender's districts, with an
    address, and opted in to that kind of message (Following)."""
    opt_in = Message.OPT_IN[audience]
    nerizu = Nerizu.objects.filter(
        user__is_active=True, district__in=remit, **{f"user__following__{opt_in}": True}
    ).exclude(user__email="")
    if audience == Message.Audience.DISTRICT:
        return nerizu.filter(district=district)
    if audience == Message.Audience.HASHTAG:
        return nerizu.filter(user__following__hashtags=hashtag)
    if audience == Message.Audience.ACTIVITY:
        # Those holding or waiting for a place on one of its dates (participation)
        takers = Participation.objects.active().filter(activity=activity).values("user_id")
        return nerizu.filter(user_id__in=takers)
    raise ValueError(f"No recipients for the audience {audience!r}")


def unsubscribe_token(*, user_id: int, audience: str, message_id: int | None) -> str:
    return signing.dumps({"u": user_id, "a": audience, "m": message_id}, salt=UNSUBSCRIBE_SALT)


def _message_context(
    *, message: Message, display_name: str, token: str, test: bool = False
) -> dict[str, object]:
    return {
        "subject": message.subject,
        "body": message.body,
        "display_name": display_name,
        "audience": message.get_audience_display(),
        "test": test,
        "unsubscribe_url": site_url(reverse("nerizu:unsubscribe", args=[token])),
        "settings_url": site_url(reverse("nerizu:following")),
    }


def unsubscribe_url(token: str) -> str:
    return site_url(reverse("nerizu:unsubscribe", args=[token]))


def unsubscribe_headers(token: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: an https URL that takes a POST without signing in."""
    return {
        "List-Unsubscribe": f"<{site_url(reverse('nerizu:unsubscribe', args=[token]))}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def message_test_send(*, sender: User, message: Message) -> None:
    """The message as a recipient would get it, to the sender alone (nothing is stored but the
    outbox row; its unsubscribe link changes nothing)."""
    token = unsubscribe_token(user_id=sender.pk, audience="test", message_id=None)
    emails.send(
        "nerizu_message",
        _message_context(
            message=message, display_name=sender.name or sender.email, token=token, test=True
        ),
        to=[sender.email],
        headers=unsubscribe_headers(token),
    )


def message_send(*, message: Message, remit: QuerySet[District]) -> int:
    """Store the message and queue one e-mail per recipient; returns how many."""
    with transaction.atomic():
        message.save()
        recipients = message_recipients(
            audience=message.audience,
            district=message.district,
            hashtag=message.hashtag,
            remit=remit,
            activity=message.activity,
        ).select_related("user")
        count = 0
        for nerizu in recipients:
            token = unsubscribe_token(
                user_id=nerizu.user_id, audience=message.audience, message_id=message.pk
            )
            (email,) = emails.send(
                "nerizu_message",
                _message_context(message=message, display_name=nerizu.display_name, token=token),
                to=[nerizu.user.email],
                headers=unsubscribe_headers(token),
            )
            MessageDelivery.objects.create(message=message, nerizu=nerizu, email=email)
            count += 1
    return count


def unsubscribe(*, token: str) -> bool:
    """One-click unsubscribe from the kind of message the link came with; False for a token
    that is not ours. Idempotent."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    opt_in = UNSUBSCRIBE_FIELDS.get(data.get("a", ""))
    if opt_in is None:  # a test send's link
        return True
    with transaction.atomic():
        Following.objects.filter(user_id=data["u"]).update(**{opt_in: False})
        if data.get("m"):
            MessageDelivery.objects.filter(
                message_id=data["m"], nerizu__user_id=data["u"], unsubscribed_at__isnull=True
            ).update(unsubscribed_at=timezone.now())
    return True


def following_for(user: User) -> Following:
    """The user's settings, or unsaved defaults (nothing followed, no mail) until they save."""
    return Following.objects.filter(user=user).first() or Following(user=user)
