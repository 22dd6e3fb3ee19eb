"""CSV for spreadsheets, safe to open: no cell is run as a formula (CSV injection)."""

import csv
import io
from collections.abc import Iterable

# Excel, LibreOffice and Google Sheets read a cell starting with one of these as a formula
# (or, for tab and carriage return, as a cell that can hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_to_csv(rows: Iterable[Iterable[object]]) -> str:
    """Every cell escaped; a BOM first so that Excel reads the Japanese as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()
