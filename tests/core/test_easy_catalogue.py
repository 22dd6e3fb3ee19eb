"""The やさしい日本語 catalogue translates strings the UI really has (a typo in a msgid would
silently leave the standard wording), and its wording differs from the source."""

import gettext
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(locale: str) -> dict[object, str]:
    with (LOCALE / locale / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        return gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]


def test_every_easy_entry_is_a_string_of_the_ui() -> None:
    easy = {key for key in catalogue("ja_X-easy") if key != ""}
    english = set(catalogue("en"))  # every UI string has an English translation

    assert len(easy) >= 50
    assert easy <= english, sorted(map(str, easy - english))


def test_every_easy_entry_rewords_its_source() -> None:
    easy = catalogue("ja_X-easy")
    same = [key for key, text in easy.items() if key != "" and text == key]
    assert not same, same
