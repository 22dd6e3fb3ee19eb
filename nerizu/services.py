"""Workflows of the nerizu app: registering, sharing stories, and deleting one's own data.

Photo files are removed only once the database change is committed (a rolled-back delete must
not leave a story pointing at a missing file).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import emails
from core.images import ensure_reencoded
from nerizu.models import TERMS_VERSION, Nerizu, Story, district_coordinator_emails
from nerizu.storage import private_storage
from networks.models import District
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


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


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
        "admin_url": _site_url(reverse("admin:nerizu_story_change", args=[story.pk])),
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
            "story_url": _site_url(story.get_absolute_url()),
            "mypage_url": _site_url(reverse("nerizu:me")),
        }
        name = "story_approved" if approve else "story_sent_back"
        emails.send(name, context, to=[author.email])
