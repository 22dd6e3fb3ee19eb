from typing import Any

from django.core.management.base import BaseCommand

from search.indexing import index_rebuild


class Command(BaseCommand):
    help = (
        "Empty the site search index and index every record again, in one transaction. "
        "Saves keep the index current; run this after changing what is indexed "
        "(search/indexing.py) or after writing records behind Django's back (raw SQL)."
    )

    def handle(self, *args: object, **options: Any) -> None:
        counts = index_rebuild()
        if options["verbosity"]:
            made = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(f"Search index rebuilt: {made}.")
