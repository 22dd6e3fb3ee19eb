"""CSV for spreadsheets, safe to open: every cell through core.spreadsheets.safe_cell, so no
cell is run as a formula (CSV injection)."""

import csv
import io
from collections.abc import Iterable

from core.spreadsheets import safe_cell


def rows_to_csv(rows: Iterable[Iterable[object]]) -> str:
    """Every cell made safe; a BOM first so that Excel reads the Japanese as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
