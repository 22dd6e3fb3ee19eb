"""Site search that works for Japanese on SQLite and PostgreSQL.

Japanese has no spaces between words, so word-based full-text search (PostgreSQL's default
parser, SQLite's FTS5 tokeniser) cannot find 「相談」 inside 「相談窓口」. We search substrings
instead: every term (split on spaces) must occur in one of a source's fields (case-insensitive
LIKE). On PostgreSQL, trigram GIN indexes (pg_trgm, see migrations 0001 and 0002) serve those
LIKEs.

Cost on PostgreSQL (the target, measured with bench/: p95 under 200 ms with 20,000
activities). A term with no upper or lower case (most Japanese: 相談, 子ども食堂) is matched
case-sensitively: the same rows, but `column LIKE` instead of `UPPER(column) LIKE UPPER(…)`,
and UPPER() on every row's text was half the time of a search that reads the whole table (a
two-character term has no trigram to look up; a common one matches thousands of rows). Terms
with Latin letters keep the case-insensitive match. A match through a relation (an
activity's hashtags) is looked up first in the related table, once per term: when nothing
there matches, the condition is left out, because `… OR id IN (subquery)` makes the planner
scan the whole table instead of combining the trigram indexes.

Ranking: per term, a match in a title counts 10, in a name's reading 5, in a short field 3 and
in body text 1; an exact title match adds 20. Results of all kinds are merged by score.
"""

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Expression,
    IntegerField,
    ManyToManyField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User

MIN_QUERY_LENGTH = 2
PER_SOURCE_LIMIT = 50
WEIGHTS = {"title": 10, "reading": 5, "short": 3, "text": 1}
SNIPPET_RADIUS = 40

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Source(Generic[M]):
    kind: str
    label: StrOrPromise
    # What the user may find: the same rows the source's own pages show them (an editor sees
    # draft action items, marked 下書き there, as everywhere else).
    queryset: Callable[[User | AnonymousUser], QuerySet[M]]
    fields: dict[str, str]  # field lookup -> weight class (title/reading/short/text)
    title: Callable[[M], str]
    snippet_fields: tuple[str, ...]


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    score: int
    snippet: SafeString
    obj: Model = field(repr=False)


def normalise(query: str) -> str:
    """NFKC (full-width ASCII → half-width), control characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", query)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch.isspace())
    return re.sub(r"\s+", " ", text).strip()


def terms_of(query: str) -> list[str]:
    return [term for term in normalise(query).split(" ") if term][:5]


def highlight(text: str, terms: list[str]) -> SafeString:
    """An escaped excerpt around the first match with every term wrapped in <mark>."""
    flat = re.sub(r"\s+", " ", text)
    lowered = flat.upper()
    positions = [lowered.find(term.upper()) for term in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(first - SNIPPET_RADIUS, 0)
    excerpt = flat[start : first + SNIPPET_RADIUS * 2]
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(html.escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(html.escape(excerpt[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + len(excerpt) < len(flat) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped


def _caseless(text: str) -> bool:
    """True when no character of `text` has an upper or lower case (kana, kanji, digits)."""
    return text.upper() == text.lower()


def _contains(term: str) -> str:
    """The lookup for "contains the term, ignoring case": a plain `contains` when the term has
    no case (the same rows, without UPPER() on every row; see the module's docstring)."""
    return "contains" if _caseless(term) else "icontains"


# (related model, lookup in it, term) -> primary keys of the related rows that match
RelatedMatches = dict[tuple[type[Model], str, str], list[object]]


def _related_match(model: type[Model], lookup: str, term: str, cache: RelatedMatches) -> Q | None:
    """Records whose related rows (`lookup` = "relation__field") contain the term, or None when
    no related row does. The related rows are looked up first (one query per related model and
    term, shared by every source); a many-to-many is then matched in its through table alone."""
    relation, _, rest = lookup.partition("__")
    field = model._meta.get_field(relation)
    related_model = field.related_model
    if not isinstance(related_model, type):  # no relation (or one not resolved yet)
        raise ValueError(f"{model.__name__}.{relation} is not a relation")
    key = (related_model, rest, term)
    if key not in cache:
        matching = related_model._default_manager.filter(**{f"{rest}__{_contains(term)}": term})
        cache[key] = list(matching.values_list("pk", flat=True))
    related_ids = cache[key]
    if not related_ids:
        return None
    # Declared on this model (not the reverse side, which Django creates): use its through.
    if isinstance(field, ManyToManyField):
        through = field.remote_field.through
        if through is None:  # set on every many-to-many once the models are loaded
            raise LookupError(f"{model.__name__}.{relation} has no through model yet")
        links = through._default_manager.filter(
            **{f"{field.m2m_reverse_field_name()}__in": related_ids}
        )
        return Q(pk__in=links.values(field.m2m_column_name()))
    return Q(pk__in=model._default_manager.filter(**{f"{relation}__in": related_ids}).values("pk"))


def _matches(model: type[Model], term: str, lookups: Iterable[str], cache: RelatedMatches) -> Q:
    """Any field contains the term. Related fields go through a subquery (no duplicate rows)."""
    conditions = []
    for lookup in lookups:
        if "__" in lookup:
            condition = _related_match(model, lookup, term, cache)
            if condition is not None:
                conditions.append(condition)
        else:
            conditions.append(Q(**{f"{lookup}__{_contains(term)}": term}))
    return reduce(or_, conditions)


def _score(terms: list[str], fields: dict[str, str], title_field: str) -> Expression:
    whens: list[Expression] = []
    for term in terms:
        for lookup, weight_class in fields.items():
            whens.append(
                Case(
                    When(
                        Q(**{f"{lookup}__{_contains(term)}": term}),
                        then=Value(WEIGHTS[weight_class]),
                    ),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
    query = " ".join(terms)
    exact: Expression = Case(
        When(
            Q(**{f"{title_field}__{'exact' if _caseless(query) else 'iexact'}": query}),
            then=Value(20),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return reduce(_plus, whens, exact)


def _plus(a: Expression, b: Expression) -> Expression:
    return a + b


def search_source(
    source: Source[Any],
    terms: list[str],
    user: User | AnonymousUser,
    cache: RelatedMatches | None = None,
) -> list[Result]:
    lookups = list(source.fields)
    direct = [lookup for lookup in lookups if "__" not in lookup]
    title_field = next(k for k, v in source.fields.items() if v == "title")
    queryset = source.queryset(user)
    cache = {} if cache is None else cache
    condition = reduce(and_, (_matches(queryset.model, term, lookups, cache) for term in terms))
    rows = (
        queryset.filter(condition)
        .annotate(search_score=_score(terms, {k: source.fields[k] for k in direct}, title_field))
        .order_by("-search_score", "pk")[:PER_SOURCE_LIMIT]
    )
    results = []
    for obj in rows:
        text = next(
            (
                getattr(obj, name)
                for name in source.snippet_fields
                if any(t.upper() in (getattr(obj, name) or "").upper() for t in terms)
            ),
            getattr(obj, source.snippet_fields[0]) or "",
        )
        results.append(
            Result(
                kind=source.kind,
                label=str(source.label),
                title=source.title(obj),
                url=obj.get_absolute_url(),
                score=obj.search_score,
                snippet=highlight(text, terms),
                obj=obj,
            )
        )
    return results


def _sources() -> list[Source[Any]]:
    from nerizu.models import Story
    from networks.models import Activity, Facility, Member
    from pillars.models import ActionItem, DrivingForce, Hashtag, Pillar
    from plan.models import Plan

    return [
        Source(
            "plan",
            _("計画"),
            lambda u: Plan.objects.published(),
            {
                "philosophy": "title",
                "philosophy_subtitle": "short",
                "background": "text",
                "forces_intro": "text",
            },
            lambda o: o.full_name,
            ("background", "philosophy", "forces_intro"),
        ),
        Source(
            "pillar",
            _("柱"),
            lambda u: Pillar.objects.filter(plan__is_published=True),
            {"name": "title", "statement": "short", "body": "text"},
            str,
            ("body", "statement"),
        ),
        Source(
            "force",
            _("推進力"),
            lambda u: DrivingForce.objects.filter(plan__is_published=True),
            {"name": "title", "lead": "short", "body": "text"},
            str,
            ("lead", "body"),
        ),
        Source(
            "action_item",
            _("取組項目"),
            lambda u: ActionItem.objects.visible_to(u).select_related("pillar"),
            {"title": "title", "body": "text", "hashtags__name": "short"},
            str,
            ("body", "title"),
        ),
        Source(
            "hashtag",
            _("ハッシュタグ"),
            lambda u: Hashtag.objects.all(),
            {"name": "title", "reading": "reading"},
            str,
            ("name",),
        ),
        Source(
            "member",
            _("会員（法人・団体）"),
            lambda u: Member.objects.public(),
            {"name": "title", "name_kana": "reading", "description": "text"},
            str,
            ("description", "name"),
        ),
        Source(
            "facility",
            _("施設・事業所"),
            lambda u: Facility.objects.public(),
            {
                "name": "title",
                "name_kana": "reading",
                "address": "short",
                "opening_notes": "text",
                "accessibility_notes": "text",
            },
            str,
            ("address", "opening_notes", "name"),
        ),
        Source(
            "activity",
            _("活動・参加の機会"),
            lambda u: Activity.objects.public(),
            {"title": "title", "description": "text", "venue": "short", "hashtags__name": "short"},
            str,
            ("description", "title"),
        ),
        Source(
            "story",
            _("ネリーズの活動紹介"),
            lambda u: Story.objects.approved(),
            {"title": "title", "body": "text"},
            str,
            ("body", "title"),
        ),
    ]


def site_search(query: str, *, user: User | AnonymousUser) -> list[Result]:
    """Everything `user` may see that matches every term of `query`, best first: what is
    public, and the drafts an editor previews on the public pages."""
    terms = terms_of(query)
    if len("".join(terms)) < MIN_QUERY_LENGTH:
        return []
    cache: RelatedMatches = {}
    results = [r for source in _sources() for r in search_source(source, terms, user, cache)]
    return sorted(results, key=lambda r: -r.score)
