"""Spreadsheet cells that a spreadsheet cannot run (CSV and formula injection).

Every CSV and Excel file the portal produces writes its cells through `safe_cell`: the open
data CSV (networks/open_data.py), the admin exports of django-import-export
(networks/resources.py `JapaneseResource`), and the supervisors' reports (staff/export.py).
The admin import reads its cells through `read_cell`, so a file that was exported and is
imported again comes back exactly as it was (see `read_cell`).

The rule follows OWASP's "CSV Injection" guidance and ASVS 5 requirement 1.2.10: a text
that starts with a character a spreadsheet reads as the start of a formula gets a single
quote (') in front. Nothing is ever removed: `==SUM(1)` is written `'==SUM(1)`. The same rule
holds for Excel files, where the cell is also a text cell (never a formula), because no
text written through `safe_cell` starts with `=`. (An Excel file is XML, and XML readers turn
a carriage return into a line feed; that is a limit of the format, not of this rule.)
"""

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import tablib
from django.utils.functional import Promise

T = TypeVar("T")

QUOTE = "'"

# What a spreadsheet reads as the start of a formula: OWASP's =, +, -, @, tab and carriage
# return; also line feed (like carriage return, it starts a new line inside the cell, which
# some programs read as a new row whose first cell can be a formula), and the full-width
# ＝ ＋ － ＠ that Japanese input methods type, which Japanese Excel may read like the
# half-width ones (a quote costs little; a formula that runs costs much). A NUL (ASVS lists
# it) is left out: PostgreSQL cannot store one in text, and openpyxl refuses to write one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# Left as they are, although they start with + or -: a plain number written as text
# ("-12", "+3.5"), which a spreadsheet reads as that number and nothing else, and a lone
# dash, which forms often hold for "none" (電話番号「-」). Neither can hold a formula.
_HARMLESS = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)|[-－]")


def _needs_quote(text: str) -> bool:
    # Quotes already in front count as part of the value: "'=x" is written "''=x", so that
    # reading removes exactly the one quote the writing added (see read_cell).
    bare = text.lstrip(QUOTE)
    return bare.startswith(FORMULA_STARTS) and not _HARMLESS.fullmatch(bare)


def safe_cell(value: T) -> T:
    """The value as a spreadsheet cell that no spreadsheet runs as a formula.

    A text starting with = + - @, tab, carriage return, line feed or full-width ＝ ＋ － ＠
    gets a single quote in front (`=HYPERLINK(…)` → `'=HYPERLINK(…)`, `==SUM(1)` →
    `'==SUM(1)`, `+81 3-1234` → `'+81 3-1234`), as does such a text that already starts with
    quotes (`'=x` → `''=x`), so that `read_cell` can undo exactly what was added.

    Left untouched: anything that is not text (numbers, including negative ones, dates,
    booleans, None), a number written as text (`-12`, `+3.5`: a spreadsheet reads a number),
    a lone dash (`-`, the usual "none" in a phone number column), and every other text.
    A lazy translation is text: it is made a string first.
    """
    if isinstance(value, Promise):
        value = str(value)  # type: ignore[assignment]
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value  # type: ignore[return-value]
    return value


def read_cell(value: T) -> T:
    """A cell read back from a file: the exact inverse of `safe_cell`.

    The one quote that `safe_cell` put before a formula character is removed
    (`'=SUM(1)` → `=SUM(1)`); any other value, a quote before ordinary text included
    (`'03` stays `'03`), is kept as it is. A person who types `'=x` in a CSV by hand gets
    `=x`, which is also what Excel keeps when `'=x` is typed into a cell.
    """
    if isinstance(value, str) and value.startswith(QUOTE) and _needs_quote(value[1:]):
        return value[1:]  # type: ignore[return-value]
    return value


def safe_row(row: list | tuple) -> list:
    return [safe_cell(value) for value in row]


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """Every cell of a tablib dataset (the header row too) through `safe_cell`, in place."""
    _map_cells(dataset, safe_cell)
    return dataset


def read_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """Every cell of a tablib dataset read from a file through `read_cell`, in place."""
    _map_cells(dataset, read_cell)
    return dataset


def _map_cells(dataset: tablib.Dataset, function: Callable[[Any], Any]) -> None:
    if dataset.headers:
        dataset.headers = [function(value) for value in dataset.headers]
    for index in range(dataset.height):
        dataset[index] = [function(value) for value in dataset[index]]


def rows_to_csv(rows: Iterable[Iterable[object]]) -> str:
    """CSV text, every cell made safe; a BOM first so that Excel reads the Japanese as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
