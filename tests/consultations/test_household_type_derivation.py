"""世帯の類型 derived from 本人's age band and the members living together, where the rule can
tell; otherwise left for staff to choose (「不明・未記入」)."""

from dataclasses import dataclass

import pytest

from consultations.models import Case, derive_household_type

Type = Case.HouseholdType


@dataclass
class Member:
    relationship: str
    age_band: str = ""
    lives_together: bool = True


@pytest.mark.parametrize(
    ("person_age", "members", "expected"),
    [
        # 8050: 本人 in the 50s with a parent in the 80s, or the other way round
        ("50s", [Member("parent", "80plus")], Type.EIGHTY_FIFTY),
        ("80plus", [Member("child", "50s")], Type.EIGHTY_FIFTY),
        ("40s", [Member("parent", "70s"), Member("sibling", "50s", False)], Type.EIGHTY_FIFTY),
        # Alone: elderly or not
        ("80plus", [], Type.SINGLE_ELDERLY),
        ("70s", [Member("child", "50s", lives_together=False)], Type.SINGLE_ELDERLY),
        ("30s", [], Type.SINGLE),
        # An elderly couple, nobody else at home
        ("70s", [Member("spouse", "80plus")], Type.ELDERLY_COUPLE),
        ("70s", [Member("spouse", "60s")], ""),
        # A single parent with children under 20
        ("30s", [Member("child", "under20"), Member("child", "under20")], Type.SINGLE_PARENT),
        ("30s", [Member("child", "under20"), Member("spouse", "30s")], ""),
        # Not enough known: staff choose
        ("", [], ""),
        ("", [Member("parent", "80plus")], ""),
        ("50s", [Member("parent", "")], ""),
    ],
)
def test_it_derives_what_the_members_show(person_age, members, expected) -> None:
    assert derive_household_type(person_age, members) == expected


def test_a_parent_living_apart_does_not_make_an_8050_household() -> None:
    members = [Member("parent", "80plus", lives_together=False)]
    assert derive_household_type("50s", members) == Type.SINGLE
