"""CSV for spreadsheets, safe to open: every cell through core.spreadsheets.safe_cell, so no
cell is run as a formula (CSV injection). The writer lives in core (the roster's CSV uses it
too); staff code keeps importing it from here."""

from core.spreadsheets import rows_to_csv

__all__ = ["rows_to_csv"]
