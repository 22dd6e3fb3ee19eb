"""Site search for Japanese text, on PostgreSQL and SQLite alike.

Japanese has no spaces between words, so word-based full-text search (PostgreSQL's default
parser, SQLite's FTS5 tokeniser) cannot find 「相談」 inside 「相談窓口」. We match substrings:
every term of the query (split on spaces) must occur in a record's text. Both sides are
folded first (core.kana.fold: full/half width, case, katakana/hiragana, ヶ/ケ, long vowels,
子供/こども/子ども and a few other known variants), so the spellings of one word meet.

We read one table, the search index (search.models.Entry, kept current by search/indexing.py),
never the records' own tables: a page is up to three queries, and a count when it is full.

Cost (PostgreSQL; the target is p95 ≤ 200 ms at 16 connections on 2 workers over 1,000
members, 5,000 facilities and 20,000 activities, bench/run.sh). A term is looked up in
`Entry.title_grams` and `Entry.body_grams`, the folded text with every character written
three times, through pg_trgm GIN indexes (migration 0004): tripled, a term of one or two
characters has trigrams too (森 → 森森森; 相談 → 相相相談談談), so no term reads the whole
table. SQLite has no trigram index and reads the table (fine at the sizes it is used at:
development and tests).

Counting stops at COUNT_LIMIT: a common word (相談 is in half the records) is reported as
"1,000件以上" instead of counting every match.

Ranking is cheap and in SQL, in three tiers read one after the other until a page is full:
a title equal to the query (a btree lookup), then records with a term in the title or the
name's reading (title_grams, its own index), then the others (body_grams, its own index).
Within a tier: plan, pillars, forces, action items, hashtags, members, facilities,
activities, stories, oldest first (an index on that order, so a page of a common word is
read without sorting every match). No per-row scoring over thousands of matches. A first
page that is not full holds every match, so it is counted without a count query.
"""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import overload

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from core.kana import fold, fold_with_offsets
from pillars.permissions import can_preview_drafts
from search.indexing import triple
from search.models import Entry

MAX_QUERY_LENGTH = 100
MAX_TERMS = 5
MIN_QUERY_LENGTH = 2  # characters, or a single kanji (森, 畑: a word on its own)
COUNT_LIMIT = 1000
RESULT_FIELDS = ("kind", "title", "route", "route_kwargs", "snippets", "is_sample", "is_draft")
SNIPPET_RADIUS = 40
_KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """What the searcher typed, as shown back to them: control characters (NUL…) dropped,
    runs of spaces (full-width ones too) made one, at most MAX_QUERY_LENGTH characters."""
    text = _CONTROL.sub("", raw)
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


def terms_of(query: str) -> list[str]:
    """The folded terms of a query, at most MAX_TERMS, duplicates once."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


def is_too_short(terms: list[str]) -> bool:
    text = "".join(terms)
    return len(text) < MIN_QUERY_LENGTH and not (len(text) == 1 and _KANJI.fullmatch(text))


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    snippet: SafeString
    is_sample: bool
    is_draft: bool


class Results:
    """The matches of `terms` that `user` may see, best first: a lazy sequence for Django's
    Paginator (count() counts up to COUNT_LIMIT + 1; a slice reads the tiers in order)."""

    def __init__(self, terms: list[str], user: User | AnonymousUser) -> None:
        self.terms = terms
        visible = Q(is_public=True)
        if can_preview_drafts(user):
            visible |= Q(is_draft=True)
        in_title = {t: Q(title_grams__contains=triple(t)) for t in terms}
        in_body = {t: Q(body_grams__contains=triple(t)) for t in terms}
        # Every term somewhere; for one term, a title match needs no other condition.
        everywhere = [in_title[t] | in_body[t] for t in terms]
        any_in_title = reduce(or_, in_title.values())
        exact = Q(title_folded=" ".join(terms))  # every term in the title, so no LIKE needed
        self.matches = Entry.objects.filter(visible, *everywhere)
        listed_first = Entry.objects.filter(visible, any_in_title)
        if len(terms) > 1:
            listed_first = listed_first.filter(*everywhere)
        self.exact_title = " ".join(terms)
        self.titled = listed_first  # tiers 0 and 1 together
        self.tiers: list[QuerySet[Entry]] = [
            Entry.objects.filter(visible, exact),  # a btree lookup
            listed_first.exclude(exact),
            # No term in the title: every term in the other fields (their own index, so a
            # name found only in titles does not read the whole table here)
            Entry.objects.filter(visible, *in_body.values()).exclude(any_in_title),
        ]
        self._count: int | None = None
        self._first: tuple[int, list[Result]] | None = None

    def page(self, number: str | None, per_page: int) -> Page:
        """Page `number` (Paginator.get_page: a bad number gives the first or last page).
        The first page is read before counting: when it is not full, it is every match, and
        the count query is not needed (most specific queries)."""
        if number in (None, "", "1"):
            first = self[0:per_page]
            self._first = (per_page, first)
            if len(first) < per_page:
                self._count = len(first)
        return Paginator[Result](self, per_page).get_page(number)

    def count(self) -> int:
        if self._count is None:
            with _by_index():
                self._count = self.matches.values("pk")[: COUNT_LIMIT + 1].count()
        return self._count

    @property
    def count_is_capped(self) -> bool:
        return self.count() > COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int, /) -> Result: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Result]: ...
    def __getitem__(self, index: int | slice, /) -> Result | list[Result]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if self._first is not None and not index.start:
            # The first page, read already (Paginator asks for less when it is not full)
            per_page, first = self._first
            if index.stop is not None and (index.stop <= len(first) or index.stop == per_page):
                return first[: index.stop]
        return self._page(index)

    def _page(self, page: slice) -> list[Result]:
        skip = page.start or 0
        wanted = (COUNT_LIMIT if page.stop is None else page.stop) - skip
        entries: list[Entry] = []
        if skip:
            self._read_tiers(entries, skip, wanted)
        else:
            entries = self._from_start(wanted)
        return [self._result(entry) for entry in entries]

    def _from_start(self, wanted: int) -> list[Entry]:
        """The first `wanted` matches, as _read_tiers reads them, in one query fewer when
        fewer titles match than a page holds (most queries): the title matches are read
        together and the exact ones put first here."""
        fields = (*RESULT_FIELDS, "title_folded")
        titled = list(self.titled.order_by("kind_order", "object_id").only(*fields)[:wanted])
        if len(titled) == wanted:  # more may follow: the exact ones are looked up
            exact = list(self.tiers[0].order_by("kind_order", "object_id").only(*fields)[:wanted])
            shown = {entry.pk for entry in exact}
            titled = [*exact, *(entry for entry in titled if entry.pk not in shown)][:wanted]
        else:
            titled.sort(key=lambda entry: entry.title_folded != self.exact_title)  # stable
        if len(titled) < wanted:
            rest = self.tiers[2].order_by("kind_order", "object_id").only(*RESULT_FIELDS)
            titled += rest[: wanted - len(titled)]
        return titled

    def _read_tiers(self, entries: list[Entry], skip: int, wanted: int) -> None:
        for tier in self.tiers:
            if len(entries) >= wanted:
                break
            listed = tier.order_by("kind_order", "object_id").only(*RESULT_FIELDS)
            if skip:
                passed = listed.values("pk")[:skip].count()
                skip -= passed
                if skip:  # this tier ends before the page starts
                    continue
                skip = passed  # the page starts in this tier, after `passed` rows
            entries += listed[skip : skip + wanted - len(entries)]
            skip = 0

    def __iter__(self) -> Iterator[Result]:
        return iter(self[:])

    def _result(self, entry: Entry) -> Result:
        return Result(
            kind=entry.kind,
            label=str(Entry.Kind(entry.kind).label),
            title=entry.title,
            url=reverse(entry.route, kwargs=entry.route_kwargs),
            snippet=snippet(entry.snippets, self.terms),
            is_sample=entry.is_sample,
            is_draft=entry.is_draft,
        )


@contextmanager
def _by_index() -> Iterator[None]:
    """On PostgreSQL, no sequential scan of the index table in the queries of this block (one
    transaction). The planner costs `LIKE` as cheap whatever the text's length, and so reads
    the whole table to count a common word up to COUNT_LIMIT (a sequential scan rechecking
    every row: 100 ms for 相談 at the directory's size) rather than its trigram indexes
    (3 ms). The pages' queries need no such help: ordered and limited, they walk the listing
    index while matches are dense and use the trigram indexes when they are rare."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def site_search(query: str, *, user: User | AnonymousUser) -> Results | None:
    """Everything `user` may see that matches every term of `query`, best first: what is
    public, and the drafts an editor previews on the public pages. None when the query is
    too short to search."""
    terms = terms_of(query)
    if is_too_short(terms):
        return None
    return Results(terms, user)


def snippet(texts: list[str], terms: list[str]) -> SafeString:
    """An escaped excerpt of the first text that holds a term, around the first match, with
    each match wrapped in <mark> (in the original spelling: 子供 for a search for こども)."""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    for text in texts:
        flat = re.sub(r"\s+", " ", text)
        if not pattern.search(fold(flat)):  # the quick check; offsets only for the one shown
            continue
        folded, offsets = fold_with_offsets(flat)
        spans = [(offsets[m.start()][0], offsets[m.end() - 1][1]) for m in pattern.finditer(folded)]
        return _excerpt(flat, spans)
    return _excerpt(re.sub(r"\s+", " ", texts[0]) if texts else "", [])


def _excerpt(text: str, spans: list[tuple[int, int]]) -> SafeString:
    start = max(spans[0][0] - SNIPPET_RADIUS, 0) if spans else 0
    end = min(start + SNIPPET_RADIUS * 3, len(text))
    pieces, last = [], start
    for span_start, span_end in spans:
        if span_start < last or span_end > end:
            continue
        pieces.append(html.escape(text[last:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        last = span_end
    pieces.append(html.escape(text[last:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
