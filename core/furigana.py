"""ふりがな: readings over the kanji of a page, as `<ruby>` with `<rt>`.

Readings come from SudachiPy with its core dictionary (a morphological analyser: a word is read
as a word, in its sentence, not character by character), corrected by the coordinators' reading
fixes (core.models.ReadingFix: a surface always read so, anywhere on the site).

How a text is annotated (`annotate`):
- the fixes' surfaces are found first (longest first) and read as their fix says;
- the rest is analysed in SudachiPy's long units (mode C: 社会福祉協議会 is one word, read from
  the dictionary as one), each long unit shown as its short units (mode A: 社会・福祉・協議・会)
  when their readings add up to the long one's, so a ruby spans a short word, not a line;
- only a unit with a kanji gets a reading, and its kana stay outside the ruby base where the
  reading allows (受け止める → 受《う》け止《と》める); a unit whose reading the dictionary does
  not know (it comes back with kanji in it) gets none rather than a guess.

How a page is annotated (`add_ruby`): the HTML is read with Python's html.parser, and only the
text between tags is rewritten, in place; tags, attributes, comments and character references are
copied byte for byte. Text is left alone in <head> (the title), in scripts, styles, form
controls' values (<textarea>, <select>'s options), code, an existing <ruby>, and in any element
marked `translate="no"` or `data-furigana="off"`. <pre> is annotated (ruby is phrasing content
and keeps the lines as they are).

Screen readers: every <rt> carries aria-hidden="true", so a page is read once, as written (a
screen reader reads kanji correctly by itself; reading base and annotation would say every word
twice). tests/browser/test_display_preferences.py checks it in Chromium's accessibility tree.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

from core.kana import to_hiragana

# Characters that take a reading: CJK ideographs (and extensions), 々 〆 ヶ (光ヶ丘).
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
HAS_KANJI = re.compile(f"[{_KANJI}]")
_KANA_RUN = re.compile("([\u3041-\u309f\u30a1-\u30faー]+)")
_KANJI_RUN = re.compile(f"([{_KANJI}]+)")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and its reading in hiragana (None: shown as it is)."""

    text: str
    reading: str | None = None


# --- The analyser ----------------------------------------------------------------------------


@cache
def _tokenizer() -> Any:
    """SudachiPy's tokenizer over the core dictionary, loaded once per process (on first use:
    a process that never shows ふりがな never loads it)."""
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


_analyser_lock = threading.Lock()  # one SudachiPy tokenizer is not meant for several threads


def _units(text: str) -> list[tuple[str, str]]:
    """`text` as (surface, reading) units: SudachiPy's long units, each cut into its short
    units when their readings add up to the long unit's."""
    from sudachipy import SplitMode

    units: list[tuple[str, str]] = []
    with _analyser_lock:
        for morpheme in _tokenizer().tokenize(text):
            surface, reading = morpheme.surface(), morpheme.reading_form()
            if HAS_KANJI.search(surface):
                short = [(m.surface(), m.reading_form()) for m in morpheme.split(SplitMode.A)]
                if (
                    len(short) > 1
                    and "".join(s for s, _ in short) == surface
                    and "".join(r for _, r in short) == reading
                ):
                    units.extend(short)
                    continue
            units.append((surface, reading))
    return units


def _aligned(surface: str, reading: str) -> list[Segment]:
    """`surface` with `reading` over its kanji only: the kana of the surface are matched in the
    reading and left outside (受け止める/うけとめる → 受(う) け 止(と) める); when they cannot be
    matched, the whole word carries the reading."""
    if not HAS_KANJI.search(surface):
        return [Segment(surface)]
    hira = to_hiragana(reading)
    if not hira or HAS_KANJI.search(hira) or hira == to_hiragana(surface):
        return [Segment(surface)]  # no reading known: no guess
    parts = [p for p in _KANA_RUN.split(surface) if p]
    if len(parts) == 1:
        return [Segment(surface, hira)]
    pattern = "".join(
        re.escape(to_hiragana(p)) if _KANA_RUN.fullmatch(p) else "(.+?)" for p in parts
    )
    match = re.fullmatch(pattern, hira)
    if match is None:
        return [Segment(surface, hira)]
    groups = iter(match.groups())
    segments = []
    for part in parts:
        if _KANA_RUN.fullmatch(part):
            segments.append(Segment(part))
        else:
            read = next(groups)
            segments.append(Segment(part, read if HAS_KANJI.search(part) else None))
    return segments


# --- Reading fixes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixes:
    """The coordinators' readings (surface → hiragana) and a pattern finding them, longest
    first. `version` changes with them (it keys the memo of annotated texts)."""

    readings: dict[str, str]
    version: str

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _fix_pattern(tuple(sorted(self.readings, key=lambda s: (-len(s), s))))


NO_FIXES = Fixes({}, "none")


@cache
def _fix_pattern(surfaces: tuple[str, ...]) -> re.Pattern[str] | None:
    if not surfaces:
        return None
    return re.compile("|".join(re.escape(s) for s in surfaces))


# --- Annotating text -------------------------------------------------------------------------

_MEMO_SIZE = 8192
_memo: OrderedDict[tuple[str, str], list[Segment]] = OrderedDict()
_memo_lock = threading.Lock()


def annotate(text: str, fixes: Fixes = NO_FIXES) -> list[Segment]:
    """`text` cut into segments whose texts add up to it, each kanji part with its reading.
    Remembered per process (the same menus and headings are on every page)."""
    if not HAS_KANJI.search(text):
        return [Segment(text)]
    key = (fixes.version, text)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    segments = _annotated(text, fixes)
    with _memo_lock:
        _memo[key] = segments
        if len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return segments


def _annotated(text: str, fixes: Fixes) -> list[Segment]:
    units = _units(text)
    if "".join(surface for surface, _ in units) != text:  # never change the text itself
        return [Segment(text)]
    # A fix applies where its surface starts and ends on the analyser's word boundaries: a fix
    # for 方 (かた) reads 多くの方 but leaves 方法 alone.
    boundaries = {0}
    position = 0
    for surface, _reading in units:
        position += len(surface)
        boundaries.add(position)
    fixed: dict[int, tuple[int, str]] = {}  # start -> (end, surface)
    if (pattern := fixes.pattern) is not None:
        for match in _overlapping(pattern, text):
            on_boundaries = match.start() in boundaries and match.end() in boundaries
            if on_boundaries and all(not (s <= match.start() < e) for s, (e, _) in fixed.items()):
                fixed[match.start()] = (match.end(), match.group())
    segments: list[Segment] = []
    position = 0
    skip_until = 0
    for surface, reading in units:
        start, position = position, position + len(surface)
        if start < skip_until:
            continue
        if start in fixed:
            skip_until, word = fixed[start]
            segments.extend(_aligned(word, fixes.readings[word]))
            continue
        segments.extend(_aligned(surface, reading))
    return segments


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The fixes found at each position (the longest there), overlapping ones included: the
    first one may not sit on word boundaries where a later one does."""
    matches = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        matches.append(match)
        position = match.start() + 1
    return matches


def reading_of(text: str, fixes: Fixes = NO_FIXES) -> str:
    """The whole text in hiragana as the page would read it (kana and other characters as
    they are): what the test set compares."""
    return "".join(
        s.reading if s.reading is not None else to_hiragana(s.text) for s in annotate(text, fixes)
    )


def ruby_markup(segments: Iterable[Segment]) -> str:
    """The segments as HTML. The texts are copied as they came (already HTML in a page); the
    readings are kana from the dictionary or a validated fix, never markup."""
    out = []
    for segment in segments:
        if segment.reading is None:
            out.append(segment.text)
        else:
            out.append(f'<ruby>{segment.text}<rt aria-hidden="true">{segment.reading}</rt></ruby>')
    return "".join(out)


# --- Annotating a page -----------------------------------------------------------------------

# Elements whose text is never annotated (their content is code, a form value, or annotated).
SKIPPED = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "textarea",
        "select",
        "datalist",
        "option",
        "code",
        "kbd",
        "samp",
        "var",
        "ruby",
        "rt",
        "rp",
        "svg",
        "math",
        "template",
        "iframe",
        "noscript",
    }
)
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


class _TextFinder(HTMLParser):
    """Finds the text runs that may be annotated, by their offsets in the page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.runs: list[tuple[int, str]] = []
        self.open_skips: list[str] = []  # the skipped elements we are in, innermost last

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        opted_out = any(
            (name == "translate" and value == "no") or (name == "data-furigana" and value == "off")
            for name, value in attrs
        )
        if tag in SKIPPED or opted_out or (self.open_skips and tag == self.open_skips[-1]):
            self.open_skips.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open_skips:
            while self.open_skips and self.open_skips.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.open_skips or not HAS_KANJI.search(data):
            return
        offset = self._offset()
        if self.html[offset : offset + len(data)] == data:  # the parser's position is exact
            self.runs.append((offset, data))


def add_ruby(html: str, fixes: Fixes = NO_FIXES) -> str:
    """The page with readings over the kanji of its text (see the module's docstring)."""
    if not HAS_KANJI.search(html):
        return html
    finder = _TextFinder(html)
    finder.feed(html)
    finder.close()
    out = []
    position = 0
    for offset, text in finder.runs:
        if offset < position:
            continue
        out.append(html[position:offset])
        segments = annotate(text, fixes)
        if any(segment.reading is not None for segment in segments):
            # One span per run of text: in a flex container (a link drawn as a button) the run
            # stays one item, so Chromium does not name it in pieces (計画 について).
            out.append(f"<span>{ruby_markup(segments)}</span>")
        else:
            out.append(text)
        position = offset + len(text)
    out.append(html[position:])
    return "".join(out)


# --- Measuring -------------------------------------------------------------------------------


def reading_in_context(word: str, context: str, fixes: Fixes = NO_FIXES) -> str | None:
    """How `word` is read where it first stands in `context` (None: a reading spans its edge,
    so the page would not show the word's reading on its own)."""
    start = context.index(word)
    end = start + len(word)
    position = 0
    read = []
    for segment in annotate(context, fixes):
        seg_start, seg_end = position, position + len(segment.text)
        position = seg_end
        if seg_end <= start or seg_start >= end:
            continue
        if segment.reading is not None and (seg_start < start or seg_end > end):
            return None
        text = segment.text[max(start - seg_start, 0) : len(segment.text) - max(seg_end - end, 0)]
        read.append(segment.reading if segment.reading is not None else to_hiragana(text))
    return "".join(read)
