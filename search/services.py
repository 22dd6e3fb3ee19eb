"""Site search that works for Japanese on SQLite and PostgreSQL.

Japanese has no spaces between words, so word-based full-text search (PostgreSQL's default
parser, SQLite's FTS5 tokeniser) cannot find 「相談」 inside 「相談窓口」. We search substrings
instead: every term (split on spaces) must occur in one of a source's fields (case-insensitive
LIKE). On PostgreSQL, trigram GIN indexes (pg_trgm, see migrations 0001) serve those LIKEs.

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

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User

MIN_QUERY_LENGTH = 2
PER_SOURCE_LIMIT = 50
WEIGHTS = {"title": 10, "reading": 5, "short": 3, "text": 1}
SNIPPET_RADIUS = 40


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    queryset: Callable[[User | AnonymousUser], QuerySet]
    fields: dict[str, str]  # field lookup -> weight class (title/reading/short/text)
    title: Callable[[Model], str]
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


def _matches(model: type[Model], term: str, lookups: Iterable[str]) -> Q:
    """Any field contains the term. Related fields go through a subquery (no duplicate rows)."""
    conditions = []
    for lookup in lookups:
        condition = Q(**{f"{lookup}__icontains": term})
        if "__" in lookup:
            condition = Q(pk__in=model.objects.filter(condition).values("pk"))
        conditions.append(condition)
    return reduce(or_, conditions)


def _score(terms: list[str], fields: dict[str, str], title_field: str) -> Case | Value:
    whens = []
    for term in terms:
        for lookup, weight_class in fields.items():
            whens.append(
                Case(
                    When(Q(**{f"{lookup}__icontains": term}), then=Value(WEIGHTS[weight_class])),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
    exact = Case(
        When(Q(**{f"{title_field}__iexact": " ".join(terms)}), then=Value(20)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return reduce(lambda a, b: a + b, whens, exact)


def search_source(source: Source, terms: list[str], user: User | AnonymousUser) -> list[Result]:
    lookups = list(source.fields)
    direct = [lookup for lookup in lookups if "__" not in lookup]
    title_field = next(k for k, v in source.fields.items() if v == "title")
    queryset = source.queryset(user)
    condition = reduce(and_, (_matches(queryset.model, term, lookups) for term in terms))
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


def _sources() -> list[Source]:
    from nerizu.models import Story
    from networks.models import Activity, DrivingForce, Facility, Member
    from pillars.models import ActionItem, Hashtag, Pillar
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
            lambda u: ActionItem.objects.published().select_related("pillar"),
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
    """Everything public that matches every term of `query`, best first."""
    terms = terms_of(query)
    if len("".join(terms)) < MIN_QUERY_LENGTH:
        return []
    results = [r for source in _sources() for r in search_source(source, terms, user)]
    return sorted(results, key=lambda r: -r.score)
