"""Writing the search index (search.models.Entry): what each kind of record contributes.

For every kind there is a `Source`: the records with what their documents read, and a
function that makes a record's `Document`, or None when nobody may find the record (an
unlisted member, a story not approved, a plan not published). A document's texts go into
four weight classes (title, reading, short, text; search/services.py ranks by them) and are
stored folded (core.kana.fold).

Kept current by search/receivers.py (saves, many-to-many changes, imports) and rebuilt in full
by `index_rebuild()` (`manage.py rebuild_search_index`). A record that others' documents
depend on (a member's listing hides its facilities and activities, a hashtag's name is part
of its items' and activities' text, a plan's publication shows its pillars and forces, a
pillar's number is in its items' addresses) re-indexes those too: `dependants_of`.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet

from core.kana import fold
from core.pagecache import content_changed
from nerizu.models import Story
from networks.models import Activity, Facility, Member
from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
from plan.models import Plan
from search.models import Entry

CHUNK = 2000
# A snippet is cut from the start of a long text (the plan's background runs to pages)
SNIPPET_SOURCE_LENGTH = 1000


@dataclass
class Document:
    title: str
    route: str
    route_kwargs: dict[str, Any]
    snippets: list[str]  # the texts a result's snippet is cut from, first choice first
    title_texts: list[str]
    reading_texts: list[str] = field(default_factory=list)
    short_texts: list[str] = field(default_factory=list)  # address, venue, hashtags, a lead
    body_texts: list[str] = field(default_factory=list)
    is_public: bool = True
    is_draft: bool = False
    is_sample: bool = False


@dataclass(frozen=True)
class Source:
    kind: Entry.Kind
    model: type[Model]
    records: Callable[[], QuerySet[Any]]
    document: Callable[[Any], Document | None]

    @property
    def record_field(self) -> str:
        """Entry's foreign key to this kind's records (its name is the kind, but for forces)."""
        return "force" if self.kind == Entry.Kind.FORCE else str(self.kind)


def _texts(*values: str | None) -> list[str]:
    return [value for value in values if value]


def _plan(plan: Plan) -> Document | None:
    if not plan.is_published:
        return None
    return Document(
        title=plan.full_name,
        route="plan:detail",
        route_kwargs={},
        snippets=_texts(plan.background, plan.philosophy, plan.forces_intro),
        title_texts=_texts(plan.full_name, plan.philosophy),
        short_texts=_texts(plan.philosophy_subtitle),
        body_texts=_texts(plan.background, plan.forces_intro),
    )


def _pillar(pillar: Pillar) -> Document | None:
    if not pillar.plan.is_published:
        return None
    return Document(
        title=str(pillar),
        route="pillars:detail",
        route_kwargs={"number": pillar.number},
        snippets=_texts(pillar.body, pillar.statement),
        title_texts=_texts(pillar.name),
        short_texts=_texts(pillar.statement),
        body_texts=_texts(pillar.body),
    )


def _force(force: DrivingForce) -> Document | None:
    if not force.plan.is_published:
        return None
    return Document(
        title=str(force),
        route="pillars:force",
        route_kwargs={"slug": force.slug},
        snippets=_texts(force.lead, force.body),
        title_texts=_texts(force.name),
        short_texts=_texts(force.lead),
        body_texts=_texts(force.body),
    )


def _action_item(item: ActionItem) -> Document:
    # A draft is indexed too, found only by those who preview drafts (ActionItem.visible_to)
    return Document(
        title=str(item),
        route="pillars:action_item",
        route_kwargs={"number": item.pillar.number, "pk": item.pk},
        snippets=_texts(item.body, item.title),
        title_texts=_texts(item.title),
        short_texts=[tag.name for tag in item.hashtags.all()],
        body_texts=_texts(item.body),
        is_public=item.is_published,
        is_draft=not item.is_published,
        is_sample=item.is_sample,
    )


def _hashtag(tag: Hashtag) -> Document:
    return Document(
        title=str(tag),
        route="pillars:hashtag",
        route_kwargs={"name": tag.name},
        snippets=_texts(tag.name),
        title_texts=_texts(tag.name),
        reading_texts=_texts(tag.reading),
        is_sample=tag.is_sample,
    )


def _member(member: Member) -> Document | None:
    if not member.is_listed:
        return None
    return Document(
        title=str(member),
        route="networks:member",
        route_kwargs={"pk": member.pk},
        snippets=_texts(member.description, member.name),
        title_texts=_texts(member.name),
        reading_texts=_texts(member.name_kana),
        body_texts=_texts(member.description),
        is_sample=member.is_sample,
    )


def _facility(facility: Facility) -> Document | None:
    if not (facility.is_listed and facility.member.is_listed):
        return None
    return Document(
        title=str(facility),
        route="networks:facility",
        route_kwargs={"pk": facility.pk},
        snippets=_texts(facility.address, facility.opening_notes, facility.name),
        title_texts=_texts(facility.name),
        reading_texts=_texts(facility.name_kana),
        short_texts=_texts(facility.address),
        body_texts=_texts(facility.opening_notes, facility.accessibility_notes),
        is_sample=facility.is_sample,
    )


def _activity(activity: Activity) -> Document | None:
    if not (activity.is_listed and activity.organiser.is_listed):
        return None
    return Document(
        title=str(activity),
        route="networks:activity",
        route_kwargs={"pk": activity.pk},
        snippets=_texts(activity.description, activity.title),
        title_texts=_texts(activity.title),
        short_texts=_texts(activity.venue, *(tag.name for tag in activity.hashtags.all())),
        body_texts=_texts(activity.description),
        is_sample=activity.is_sample,
    )


def _story(story: Story) -> Document | None:
    if story.status != Story.Status.APPROVED:
        return None
    return Document(
        title=str(story),
        route="nerizu:story",
        route_kwargs={"pk": story.pk},
        snippets=_texts(story.body, story.title),
        title_texts=_texts(story.title),
        body_texts=_texts(story.body),
    )


SOURCES: list[Source] = [
    Source(Entry.Kind.PLAN, Plan, lambda: Plan.objects.all(), _plan),
    Source(Entry.Kind.PILLAR, Pillar, lambda: Pillar.objects.select_related("plan"), _pillar),
    Source(
        Entry.Kind.FORCE, DrivingForce, lambda: DrivingForce.objects.select_related("plan"), _force
    ),
    Source(
        Entry.Kind.ACTION_ITEM,
        ActionItem,
        lambda: ActionItem.objects.select_related("pillar").prefetch_related("hashtags"),
        _action_item,
    ),
    Source(Entry.Kind.HASHTAG, Hashtag, lambda: Hashtag.objects.all(), _hashtag),
    Source(Entry.Kind.MEMBER, Member, lambda: Member.objects.all(), _member),
    Source(
        Entry.Kind.FACILITY, Facility, lambda: Facility.objects.select_related("member"), _facility
    ),
    Source(
        Entry.Kind.ACTIVITY,
        Activity,
        lambda: Activity.objects.select_related("organiser").prefetch_related("hashtags"),
        _activity,
    ),
    Source(Entry.Kind.STORY, Story, lambda: Story.objects.all(), _story),
]
SOURCE_OF: dict[type[Model], Source] = {source.model: source for source in SOURCES}
KIND_ORDER = {source.kind: n for n, source in enumerate(SOURCES)}


def triple(folded: str) -> str:
    """Every character three times: pg_trgm then has a trigram for a one-character term (aaa)
    and for every pair (aaabbb has aab, abb), which plain text lacks. A term is in the text
    exactly when the tripled term is in the tripled text."""
    return "".join(ch * 3 for ch in folded)


def entry_for(source: Source, record: Any, document: Document) -> Entry:
    title, reading, short, body = (
        fold(" ".join(texts))
        for texts in (
            document.title_texts,
            document.reading_texts,
            document.short_texts,
            document.body_texts,
        )
    )
    return Entry(
        kind=source.kind,
        kind_order=KIND_ORDER[source.kind],
        object_id=record.pk,
        **{source.record_field: record},
        is_public=document.is_public,
        is_draft=document.is_draft,
        is_sample=document.is_sample,
        title=document.title[:500],
        route=document.route,
        route_kwargs=document.route_kwargs,
        snippets=[text[:SNIPPET_SOURCE_LENGTH] for text in document.snippets],
        title_folded=title,
        # Fields apart ("\n" is never in a term), so a term never spans two fields.
        title_grams=triple("\n".join([title, reading])),
        body_grams=triple("\n".join([short, body])),
    )


def _entries(source: Source, records: Iterable[Any]) -> Iterator[Entry]:
    for record in records:
        document = source.document(record)
        if document is not None:
            yield entry_for(source, record, document)


def _chunks(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def index_records(model: type[Model], pks: Iterable[Any]) -> None:
    """(Re)index these records of `model`, and what depends on them; a record nobody may
    find (or that no longer exists) leaves the index."""
    source = SOURCE_OF.get(model)
    if source is None:
        return
    pks = sorted({pk for pk in pks if pk is not None})
    with transaction.atomic():
        for chunk in _chunks(pks):
            Entry.objects.filter(kind=source.kind, object_id__in=chunk).delete()
            records = source.records().filter(pk__in=chunk)
            Entry.objects.bulk_create(_entries(source, records), batch_size=500)
        for dependant, dependant_pks in dependants_of(model, pks):
            index_records(dependant, dependant_pks)
        content_changed()  # bulk writes send no signal: cached search pages go after the commit


def dependants_of(model: type[Model], pks: list[Any]) -> list[tuple[type[Model], list[Any]]]:
    """Records of other kinds whose documents read these records (see the module docstring)."""
    if not pks:
        return []
    if model is Plan:
        return [
            (Pillar, list(Pillar.objects.filter(plan__in=pks).values_list("pk", flat=True))),
            (
                DrivingForce,
                list(DrivingForce.objects.filter(plan__in=pks).values_list("pk", flat=True)),
            ),
        ]
    if model is Pillar:
        return [
            (
                ActionItem,
                list(ActionItem.objects.filter(pillar__in=pks).values_list("pk", flat=True)),
            )
        ]
    if model is Member:
        return [
            (Facility, list(Facility.objects.filter(member__in=pks).values_list("pk", flat=True))),
            (
                Activity,
                list(Activity.objects.filter(organiser__in=pks).values_list("pk", flat=True)),
            ),
        ]
    if model is Hashtag:
        return hashtag_carriers(pks)
    return []


def hashtag_carriers(tag_pks: list[Any]) -> list[tuple[type[Model], list[Any]]]:
    """The action items and activities that carry these hashtags."""
    return [
        (
            ActionItem,
            list(ActionItem.objects.filter(hashtags__in=tag_pks).values_list("pk", flat=True)),
        ),
        (
            Activity,
            list(Activity.objects.filter(hashtags__in=tag_pks).values_list("pk", flat=True)),
        ),
    ]


def index_rebuild() -> dict[str, int]:
    """Empty the index and index every record again (one transaction); returns the entries
    made per kind."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        Entry.objects.all().delete()
        for source in SOURCES:
            made = 0
            batch: list[Entry] = []
            for entry in _entries(source, source.records().order_by("pk").iterator(CHUNK)):
                batch.append(entry)
                if len(batch) >= CHUNK:
                    made += len(Entry.objects.bulk_create(batch, batch_size=500))
                    batch = []
            made += len(Entry.objects.bulk_create(batch, batch_size=500))
            counts[str(source.kind)] = made
        content_changed()
    return counts


def index_missing() -> int:
    """Index the records that have no index row (made in bulk, without save(): sample and
    benchmark data); returns how many records were looked at. Cheap when none are missing."""
    looked_at = 0
    for source in SOURCES:
        indexed = Entry.objects.filter(kind=source.kind).values("object_id")
        missing = list(
            source.model._default_manager.exclude(pk__in=indexed).values_list("pk", flat=True)
        )
        index_records(source.model, missing)
        looked_at += len(missing)
    return looked_at


def index_rebuild_if_empty() -> dict[str, int] | None:
    """Fill an empty index when there is something to find (after `migrate` adds the index
    to a database that already holds records); None when nothing was done."""
    if Entry.objects.exists():
        return None
    if not any(source.model._default_manager.exists() for source in SOURCES):
        return None
    return index_rebuild()
