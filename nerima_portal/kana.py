"""Kana readings for 五十音 (gojūon) ordering.

Lists sort by a reading in hiragana. Coordinators may type it; when they leave it blank we
derive one from the name with pykakasi (a dictionary-based kanji→kana converter). A derived
reading can be wrong for names, which is why the field stays editable.
"""

import unicodedata
from functools import cache

import jaconv
import pykakasi


@cache
def _converter() -> pykakasi.kakasi:
    return pykakasi.kakasi()


def to_hiragana(text: str) -> str:
    """Katakana → hiragana, full-width ASCII → half-width; kanji untouched."""
    return jaconv.kata2hira(unicodedata.normalize("NFKC", text))


def reading_for(name: str) -> str:
    """A hiragana reading for `name` (kanji converted by dictionary)."""
    normalized = unicodedata.normalize("NFKC", name)
    return "".join(part["hira"] for part in _converter().convert(normalized)).strip()
