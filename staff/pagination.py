"""A paginator that stops counting: a supervisor may see tens of thousands of cases, and
counting them all on every page of the list costs more than the page itself."""

from functools import cached_property
from typing import TypeVar

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet

COUNT_CAP = 1000

_M = TypeVar("_M", bound=Model)


class CappedPaginator(Paginator[_M]):
    """Counts at most `COUNT_CAP` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`, which stops
    at the cap). Past it, `capped` is true, `count` is the cap and the pages end there: the list
    then says 「1000件以上」 and asks to narrow it down with the filters."""

    cap = COUNT_CAP
    object_list: QuerySet[_M]  # counted in the database, which a plain list cannot be

    def __init__(self, object_list: QuerySet[_M], per_page: int) -> None:
        super().__init__(object_list, per_page)

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
