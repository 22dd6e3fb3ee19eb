"""A paginator that stops counting: a supervisor may see tens of thousands of cases, and
counting them all on every page of the list costs more than the page itself."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most `COUNT_CAP` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`, which stops
    at the cap). Past it, `capped` is true, `count` is the cap and the pages end there: the list
    then says 「1000件以上」 and asks to narrow it down with the filters."""

    cap = COUNT_CAP

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
