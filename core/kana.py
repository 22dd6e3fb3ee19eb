"""Kana readings for 五十音 (gojūon) ordering.

Lists sort by a reading in hiragana. Coordinators may type it; when they leave it blank we
derive one from the name with pykakasi (a dictionary-based kanji→kana converter). A derived
reading can be wrong for names, which is why the field stays editable.
"""

import re
import unicodedata
from collections.abc import Callable
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


# --- Folding for search ---------------------------------------------------------------------
#
# Search compares folded text: the indexed records and the query go through the same `fold`,
# so the spellings a resident might type for one word meet. Folding, in order:
#
# 1. NFKC: full-width Latin and digits → half-width (Ｂｌｏｏｍ → Bloom), half-width katakana →
#    full-width (ｻﾛﾝ → サロン, ｶﾞ → ガ), compatibility characters (㈱ → (株)).
# 2. Case folding (BLOOM → bloom).
# 3. Katakana → hiragana (サロン → さろん), and the small ヶ/ヵ of place names and counters →
#    が (光ヶ丘 → 光が丘, 一ヵ月 → 一が月); a ケ/け/カ/か between two kanji is the same
#    connective and becomes が too (光ケ丘, 一か月).
# 4. Long vowel marks dropped: ー anywhere, and a hyphen or dash right after kana (サーロン, サロン
#    and サ－ロン all fold to さろん; センター to せんた).
# 5. Known orthographic variants of one word, written with different kanji or kana
#    (VARIANTS below) → one spelling.
#
# Search matches substrings of folded text, so a folded word still finds longer words that
# contain it (子ども finds 子ども食堂). Limits: a variant is folded as a whole word only (こど
# does not find 子ども), and ケ at the very start of a query is not known to be a connective
# (search 光ケ丘 or ヶ丘, not ケ丘).

# One spelling for each group, keyed by the folded form (after steps 1–4) of the others. Keep
# it small and unambiguous: each key is folded wherever it occurs, inside longer words too.
VARIANTS: dict[str, str] = {
    # 子ども (the plan's spelling) ← 子供, こども / コドモ
    "子供": "子ども",
    "こども": "子ども",
    # 障害 (the plan's spelling) ← 障がい, 障碍
    "障がい": "障害",
    "障碍": "障害",
    # 友だち ← 友達, ともだち
    "友達": "友だち",
    "ともだち": "友だち",
    # お年寄り ← お年より, おとしより
    "お年より": "お年寄り",
    "おとしより": "お年寄り",
    # 見守り ← みまもり / ミマモリ
    "みまもり": "見守り",
    # 居場所 ← いばしょ / イバショ
    "いばしょ": "居場所",
    # ひとり暮らし ← 一人暮らし, 独り暮らし
    "一人暮らし": "ひとり暮らし",
    "独り暮らし": "ひとり暮らし",
}

_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SMALL_KE = "ヶヵゖゕ"
_FOLD_TABLE: dict[int, int | str | None] = {
    **{code: code - 0x60 for code in range(ord("ァ"), ord("ヴ") + 1)},  # katakana → hiragana
    ord("ヽ"): "ゝ",
    ord("ヾ"): "ゞ",
    **{ord(ch): "が" for ch in _SMALL_KE},
    ord("ー"): None,
}
_DASH_AFTER_KANA = re.compile(r"(?<=[ぁ-ゖ])[-‐‑–—―−─～〜]+")
_CONNECTIVE = re.compile(rf"(?<=[{_KANJI}])[かけ](?=[{_KANJI}])")
_VARIANT = re.compile("|".join(sorted(map(re.escape, VARIANTS), key=len, reverse=True)))
# Characters NFKC joins to the character before them (half-width and combining 濁点・半濁点)
_JOINING_MARKS = "\uff9e\uff9f\u3099\u309a"


def fold(text: str) -> str:
    """`text` folded for search (see the steps above): the form both sides are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    text = _DASH_AFTER_KANA.sub("", text)
    text = _CONNECTIVE.sub("が", text)
    return _VARIANT.sub(lambda m: VARIANTS[m.group(0)], text)


@cache
def _fold_cluster(cluster: str) -> str:
    """Steps 1–3 for one character (with the marks NFKC joins to it)."""
    return unicodedata.normalize("NFKC", cluster).casefold().translate(_FOLD_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`fold(text)`, and for each folded character the span of `text` it came from, so a match
    in the folded text can be marked in the original (子供 for a search for こども)."""
    # Each piece: one folded character and the (start, end) of its source in `text`.
    pieces: list[tuple[str, int, int]] = []
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        while end < length and (text[end] in _JOINING_MARKS or unicodedata.combining(text[end])):
            end += 1
        pieces += [(out, start, end) for out in _fold_cluster(text[start:end])]
        start = end
    pieces = _substitute(pieces, _DASH_AFTER_KANA, lambda _match: "")
    pieces = _substitute(pieces, _CONNECTIVE, lambda _match: "が")
    pieces = _substitute(pieces, _VARIANT, lambda m: VARIANTS[m.group(0)])
    return "".join(p[0] for p in pieces), [(p[1], p[2]) for p in pieces]


def _substitute(
    pieces: list[tuple[str, int, int]],
    pattern: re.Pattern[str],
    replacement: Callable[[re.Match[str]], str],
) -> list[tuple[str, int, int]]:
    """`pattern.sub` on the pieces' text; a replacement spans the sources of what it replaced."""
    folded = "".join(p[0] for p in pieces)
    result: list[tuple[str, int, int]] = []
    last = 0
    for match in pattern.finditer(folded):
        result += pieces[last : match.start()]
        if match.end() > match.start():
            span = (pieces[match.start()][1], pieces[match.end() - 1][2])
            result += [(ch, *span) for ch in replacement(match)]
        last = match.end()
    return result + pieces[last:]
