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
    """Counts at most `cap` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`, which stops at
    the cap). Past it, `capped` is true, `count` is the cap and the pages end there: the list
    then says 「1000件以上」 and asks to narrow it down with the filters."""

    cap = COUNT_CAP
    object_list: QuerySet[_M]  # counted in the database, which a plain list cannot be

    def __init__(self, object_list: QuerySet[_M], per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Which rows fall under the cap does not change how many: no ORDER BY to sort by.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number: int | str) -> Page[_M]:
        """The page's rows in two steps, in one query: their keys first, in a subquery that
        reads only the columns the filters and the ordering test (on PostgreSQL, from a
        covering index, see Case.Meta.indexes), then those rows, with whatever the list
        selects with them. Read in one step, the table row of every case the filters pass
        over would be fetched before it was tested."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=keys), number, self)
