"""A paginator that stops counting, and finds a page's rows before it reads them: a
supervisor may see tens of thousands of cases, and counting them all, or reading every row the
filters pass over, on every page of the list costs more than the page itself."""

from functools import cached_property
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

COUNT_CAP = 1000
# A search by reading finds cases through their persons, and counting its matches up to the
# list's cap meant testing thousands of them on every page (40–80 ms on 100,000 cases); a
# search is for finding someone, and past this many matches the list asks for more letters.
SEARCH_COUNT_CAP = 100

_M = TypeVar("_M", bound=Model)


class CappedPaginator(Paginator[_M]):
    """Counts at most `cap` rows. Past it, `capped` is true, `count` is the cap and the pages
    end there: the list then says 「1000件以上」 and asks to narrow it down with the filters.

    Since no page lies past the cap, one query finds both the count and every page's rows:
    the keys of the first `cap + 1` rows, in the list's order, read from the columns the
    filters and the ordering test alone (on PostgreSQL, from a covering index: see
    Case.Meta.indexes). A page then reads its own rows by key. Read in one step, the table
    row of every case the filters passed over was fetched before it was tested, and counting
    walked the matches a second time."""

    cap = COUNT_CAP
    object_list: QuerySet[_M]  # counted in the database, which a plain list cannot be

    def __init__(self, object_list: QuerySet[_M], per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _keys(self) -> list[object]:
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(len(self._keys), self.cap)

    @property
    def capped(self) -> bool:
        return len(self._keys) > self.cap

    def page(self, number: int | str) -> Page[_M]:
        """The page's rows, by key (the list's own filters still apply: they cost nothing
        on 50 keys, and the rows shown are the rows the rule lets through)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self._keys[bottom:top]
        rows = self.object_list.filter(pk__in=keys) if keys else self.object_list.none()
        return Page(rows, number, self)
