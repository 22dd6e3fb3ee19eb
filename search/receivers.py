"""Keep the search index current: every save of a searchable record re-indexes it (and the
records whose documents read it, search.indexing.dependants_of), as do many-to-many changes
of hashtags and bulk imports (core.signals.records_written). Deletions need nothing here: an
index row goes with its record (a cascading foreign key), except that a deleted hashtag's name
leaves the documents of the items and activities that carried it.

Connected in SearchConfig.ready(). Index upkeep only; no rule of the content lives here."""

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from core.signals import records_written
from networks.models import Activity
from pillars.models import ActionItem, Hashtag
from search.indexing import SOURCE_OF, hashtag_carriers, index_records

_CARRIERS_OF_DELETED = "_search_hashtag_carriers"


def record_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # loaddata: the related rows may not be there yet
        index_records(sender, [instance.pk])


def records_bulk_written(sender: type[Model], instances: list[Model], **kwargs: Any) -> None:
    index_records(sender, [instance.pk for instance in instances])


def hashtags_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """An item's or activity's hashtags changed (forward), or a hashtag's items or activities
    (reverse: `instance` is the hashtag, `model` the carriers)."""
    if action == "pre_clear" and reverse:
        # post_clear has no pk_set: remember who carried the tag
        setattr(
            instance,
            _CARRIERS_OF_DELETED,
            list(model._default_manager.filter(hashtags=instance).values_list("pk", flat=True)),
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index_records(type(instance), [instance.pk])
    elif action == "post_clear":
        index_records(model, getattr(instance, _CARRIERS_OF_DELETED, []))
    else:
        index_records(model, pk_set or [])


def hashtag_deleting(sender: type[Model], instance: Hashtag, **kwargs: Any) -> None:
    setattr(instance, _CARRIERS_OF_DELETED, hashtag_carriers([instance.pk]))


def hashtag_deleted(sender: type[Model], instance: Hashtag, **kwargs: Any) -> None:
    for model, pks in getattr(instance, _CARRIERS_OF_DELETED, []):
        index_records(model, pks)


def connect() -> None:
    for model in SOURCE_OF:
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        records_written.connect(
            records_bulk_written, sender=model, dispatch_uid=f"search-bulk-{model.__name__}"
        )
    for through in (ActionItem.hashtags.through, Activity.hashtags.through):
        m2m_changed.connect(
            hashtags_changed, sender=through, dispatch_uid=f"search-{through.__name__}"
        )
    pre_delete.connect(hashtag_deleting, sender=Hashtag, dispatch_uid="search-hashtag-deleting")
    post_delete.connect(hashtag_deleted, sender=Hashtag, dispatch_uid="search-hashtag-deleted")
