"""The やさしい日本語 catalogue translates strings the UI really has (a typo in a msgid would
silently leave the standard wording), and its wording differs from the source."""

import gettext
from pathlib import Path

import allauth
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
ALLAUTH_LOCALE = Path(allauth.__file__).parent / "locale"


def catalogue(locale: str, *, where: Path = LOCALE) -> dict[object, str]:
    with (where / locale / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        return gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]


def test_every_easy_entry_is_a_string_of_the_ui() -> None:
    easy = {key for key in catalogue("ja_X-easy") if key != ""}
    english = set(catalogue("en"))  # every string of ours has an English translation
    # allauth's pages (sign-in, sign-up, password reset) have English msgids, Japanese in its own
    # catalogue: their easy versions are keyed on those
    allauth_strings = set(catalogue("ja", where=ALLAUTH_LOCALE))

    assert len(easy) >= 700
    assert easy <= english | allauth_strings, sorted(map(str, easy - english - allauth_strings))


def test_every_easy_entry_rewords_its_source() -> None:
    easy = catalogue("ja_X-easy")
    same = [key for key, text in easy.items() if key != "" and text == key]
    assert not same, same
