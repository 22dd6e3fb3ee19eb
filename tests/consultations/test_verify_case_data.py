"""verify_case_data (the restore drill's check that the keys open the records): it reports
counts for a sample of every encrypted table, never a value, and fails with the wrong keys."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.consultations.factories import CaseFactory, EntryFactory, PersonFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "MKR検証 花子"
SECRET_CONCERN = "MKR検証の主訴"


@pytest.fixture
def records(staff_a) -> None:
    for number in range(5):
        case = CaseFactory(
            primary_staff=staff_a,
            main_concern=f"{SECRET_CONCERN}{number}",
            person=PersonFactory(name=f"{SECRET_NAME}{number}"),
        )
        EntryFactory(case=case, staff=staff_a, detail="MKR経過")


def test_it_counts_what_decrypts_and_prints_no_value(records) -> None:
    out = io.StringIO()
    call_command("verify_case_data", "--sample", "3", "--seed", "1", stdout=out)
    text = out.getvalue()
    assert "consultations.Case: 5 rows; 3/3 sampled rows decrypt" in text
    assert "consultations.Person: 5 rows; 3/3 sampled rows decrypt" in text
    assert "mfa.Authenticator: 1/1 sampled secrets decrypt" in text  # staff_a's TOTP secret
    assert text.splitlines()[-1].startswith("OK ")
    assert "MKR" not in text


def test_it_fails_with_keys_that_do_not_belong_to_the_data(records) -> None:
    out = io.StringIO()
    with (
        override_settings(CASE_DATA_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(CommandError, match="do NOT decrypt"),
    ):
        call_command("verify_case_data", "--sample", "3", stdout=out)
    assert "consultations.Case: 5 rows; 0/3 sampled rows decrypt" in out.getvalue()
    assert "MKR" not in out.getvalue()


def test_an_empty_database_is_not_a_success(db) -> None:
    with pytest.raises(CommandError, match="Nothing encrypted"):
        call_command("verify_case_data", stdout=io.StringIO())


def test_the_sample_is_the_size_asked_for_whatever_the_seed(records) -> None:
    """Random probes into a small table land on the same rows; the sample is topped up."""
    for seed in range(30):
        out = io.StringIO()
        call_command("verify_case_data", "--sample", "4", "--seed", str(seed), stdout=out)
        assert "consultations.Case: 5 rows; 4/4 sampled rows decrypt" in out.getvalue(), seed
