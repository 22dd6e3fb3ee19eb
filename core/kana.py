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


# The 五十音 index rows (行), keyed by their first kana; a reading belongs to the row whose
# first kana is the greatest one not after the reading's first character.
GOJUON_ROWS: list[tuple[str, str]] = [
    ("あ", "あ行"),
    ("か", "か行"),
    ("さ", "さ行"),
    ("た", "た行"),
    ("な", "な行"),
    ("は", "は行"),
    ("ま", "ま行"),
    ("や", "や行"),
    ("ら", "ら行"),
    ("わ", "わ行"),
]
_ROW_STARTS = ["ぁ", "か", "さ", "た", "な", "は", "ま", "ゃ", "ら", "ゎ"]


def gojuon_row(reading: str) -> str:
    """The index row of a hiragana reading ("あ", "か", …), or "" for non-kana (A–Z, 0–9)."""
    first = reading[:1]
    if first == "ゔ":  # vu is a voiced う
        return "あ"
    if not ("ぁ" <= first <= "ゖ"):
        return ""
    row = ""
    for start, (key, _label) in zip(_ROW_STARTS, GOJUON_ROWS, strict=True):
        if first >= start:
            row = key
    return row


def reading_or_derived(reading: str, name: str) -> str:
    """The typed reading normalised to hiragana, or one derived from the name."""
    return to_hiragana(reading.strip()) or reading_for(name)
