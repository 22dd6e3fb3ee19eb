"""Which models are public content: a write to any of them invalidates the page cache.

Every model is content unless it is listed here, so a model added later invalidates the cached
pages without anyone remembering to (tests/nerima_portal/test_page_cache_models.py fails for a
model of a content app that is neither covered nor listed). Writes that send no model signal
(bulk_create, QuerySet.update, raw SQL) call core.pagecache.content_changed() themselves.
"""

from typing import Any

from django.apps import apps
from django.db.models import Model, signals

from core.pagecache import content_changed

# Apps and models no public page shows (labels as in `app_label` or `app_label.ModelName`).
NOT_PUBLIC_CONTENT = frozenset(
    {
        "core.ImportJob",  # an import's progress; the imported rows are content
        "networks.MeetingAttendance",  # who registered for a meeting: on no public page
        "accounts",  # users (last_login on every sign-in), their groups and permissions
        "consultations",  # case records and inquiries (their statistics page is never cached)
        "admin",  # the admin's change history
        "auth",
        "contenttypes",
        "sessions",
        "account",  # allauth: e-mail addresses and confirmations
        "mfa",  # allauth: authenticators
        "django_q",  # background tasks and their schedule
        "core.OutboxEmail",  # e-mail waiting to be sent, and the log of what was
        "participation.CalendarFeed",  # a resident's secret feed URL (its hash)
        # Member organisations' editors: who they are, their invitations, and proposals not yet
        # approved (approving writes the public entry, which is content)
        "networks.MemberEditor",
        "networks.EditorInvitation",
        "networks.Proposal",
        "nerizu.Following",  # what a resident follows and which mail they want
        "nerizu.Following_districts",
        "nerizu.Following_hashtags",
        "nerizu.Message",  # coordinators' messages to ネリーズ (mail, never a page)
        "nerizu.MessageDelivery",  # e-mail waiting to be sent, and the log of what was
    }
)
# Content rows rebuilt from other content by services that call content_changed() once for the
# whole rebuild: kept off the signals, because a model with a delete receiver loses Django's
# fast (single-statement) QuerySet.delete(), and these are deleted by the hundred thousand.
WRITTEN_BY_SERVICES = frozenset(
    {
        "networks.ActivityOccurrence",  # networks/services.py
        "search.Entry",  # the search index (search/indexing.py)
    }
)


def is_content(model: type[Model]) -> bool:
    meta = model._meta
    return not ({meta.app_label, meta.label} & NOT_PUBLIC_CONTENT)


def watched_models() -> list[type[Model]]:
    """The models whose signals invalidate the page cache (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if is_content(model) and model._meta.label not in WRITTEN_BY_SERVICES
    ]


def watch_content() -> None:
    """Connect the page cache to every content model's saves, deletes and m2m changes.
    One receiver per model (not one for all senders), so the models outside keep Django's
    fast QuerySet.delete()."""
    for model in watched_models():
        signals.post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=_uid(model))
        signals.post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=_uid(model))
        signals.m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=_uid(model))


def _uid(model: type[Model]) -> str:
    return f"pagecache:{model._meta.label}"


def _saved_or_deleted(sender: type[Model], using: str, **kwargs: Any) -> None:
    content_changed(using=using)


def _m2m_changed(sender: type[Model], action: str, using: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        content_changed(using=using)
