"""Signals for what Django's own do not cover.

`records_written`: a bulk path (an import: bulk_create and bulk_update, many-to-many links
written through their tables) wrote these records without calling save(), so post_save and
m2m_changed were not sent. Sent once per write, inside its transaction, with
`sender=<model>` and `instances=<list of the records written>`. Apps that keep something
derived from records (search's index) listen to it as they listen to post_save.

`occurrences_removed`: rebuilding an activity's dates (networks.services, on every save, after
an import and nightly) took away dates from today on that it had before (a day off added, a
pause, holidays now skipped, the rule or a session changed). Sent once per activity and
rebuild, inside its transaction, with `sender=Activity`, `activity=<the activity>`,
`dates=<the dates taken away, sorted>` and `moved_to=<{date: the day it moved to}>` for the
dates whose sessions were moved to another coming day (the admin's sessions; empty for the
rest): those taken away, and those still held because another session took their day in the
same save (two sessions swapping days, or each taking the next one's day), which alone send
the signal with no date taken away. A date is taken away once: the next rebuild no longer has
it. Apps above networks that hang something on a date (participation's places) listen.
"""

from django.dispatch import Signal

records_written = Signal()
occurrences_removed = Signal()
