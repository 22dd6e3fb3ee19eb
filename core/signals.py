"""Signals for what Django's own do not cover.

`records_written`: a bulk path (an import: bulk_create and bulk_update, many-to-many links
written through their tables) wrote these records without calling save(), so post_save and
m2m_changed were not sent. Sent once per write, inside its transaction, with
`sender=<model>` and `instances=<list of the records written>`. Apps that keep something
derived from records (search's index) listen to it as they listen to post_save.
"""

from django.dispatch import Signal

records_written = Signal()
