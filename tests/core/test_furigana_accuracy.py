"""How well ふりがな reads: the hand-checked test set (furigana_readings.tsv, words of the seed
chapter and the UI) read by the analyser with the coordinators' fixes as the site has them
(core/migrations/0004_reading_fixes_for_the_plan.py). Prints the figures:

    .venv/bin/pytest -n 0 -q -s tests/core/test_furigana_accuracy.py
"""

from pathlib import Path

import pytest

from core.furigana import NO_FIXES, Fixes, reading_in_context
from core.kana import to_hiragana
from core.models import ReadingFix

TEST_SET = Path(__file__).with_name("furigana_readings.tsv")
REQUIRED = 0.98


def entries() -> list[tuple[str, str, str]]:
    rows = []
    for line in TEST_SET.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, reading, *context = line.split("\t")
        rows.append((surface, to_hiragana(reading), context[0] if context else surface))
    return rows


def misread(fixes: Fixes) -> list[str]:
    wrong = []
    for surface, reading, context in entries():
        read = reading_in_context(surface, context, fixes)
        if read != reading:
            wrong.append(f"{surface}: {read} (should be {reading}) in 「{context}」")
    return wrong


def test_the_test_set_has_at_least_200_distinct_words() -> None:
    surfaces = [surface for surface, _, _ in entries()]

    assert len(set(surfaces)) == len(surfaces) >= 200
    for surface, _reading, context in entries():
        assert surface in context


@pytest.mark.django_db
def test_the_analyser_with_the_sites_fixes_reads_at_least_98_percent() -> None:
    site = ReadingFix.objects.as_dict()
    total = len(entries())
    alone = misread(NO_FIXES)
    fixed = misread(Fixes(site, "site"))

    accuracy = 1 - len(fixed) / total
    print(
        f"\nふりがな test set: {total} words; SudachiPy alone {1 - len(alone) / total:.1%} "
        f"({total - len(alone)}/{total}); with the {len(site)} reading fixes "
        f"{accuracy:.1%} ({total - len(fixed)}/{total})"
    )
    for line in fixed:
        print("  still wrong:", line)
    assert accuracy >= REQUIRED, "\n".join(fixed)
