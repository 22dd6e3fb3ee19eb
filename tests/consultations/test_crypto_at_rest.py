"""Free text and contact details are ciphertext in the database and plaintext in the app."""

import pytest
from django.db import connection
from django.test import override_settings

from consultations import crypto, services
from consultations.models import ChangeRecord, Entry, Person
from tests.consultations.factories import CaseFactory, PersonFactory

SECRETS = {
    "name": "秘密 花子",
    "phone": "03-4444-5555",
    "email": "himitsu@example.jp",
    "address": "練馬区秘密町1-2-3",
    "notes": "夫からの暴力があり、避難中。",
}


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
        return repr(cursor.fetchall())


@pytest.mark.django_db
def test_personal_fields_are_stored_as_ciphertext_and_read_back_as_text(staff_a) -> None:
    person = PersonFactory(**SECRETS)
    case = CaseFactory(person=person, primary_staff=staff_a, main_concern="借金の取り立て")
    services.entry_add(
        case=case, user=staff_a, kind=Entry.Kind.MEETING, summary="面談", detail="避難先は内緒"
    )

    stored = raw_rows("consultations_person") + raw_rows("consultations_case")
    stored += raw_rows("consultations_entry") + raw_rows("consultations_changerecord")
    for text in [*SECRETS.values(), "借金の取り立て", "避難先は内緒"]:
        assert text not in stored
    assert crypto.PREFIX in stored
    assert Person.objects.get(pk=person.pk).notes == SECRETS["notes"]
    assert case.entries.get().detail == "避難先は内緒"
    assert ChangeRecord.objects.filter(field="detail").get().new == "避難先は内緒"


@pytest.mark.django_db
def test_the_same_text_encrypts_differently_each_time() -> None:
    assert crypto.encrypt("同じ") != crypto.encrypt("同じ")


@pytest.mark.django_db
def test_encrypted_fields_refuse_searches_that_could_never_work() -> None:
    with pytest.raises(ValueError, match="cannot be searched"):
        list(Person.objects.filter(name__contains="秘密"))


@pytest.mark.django_db
def test_phone_numbers_are_found_by_their_blind_index_not_the_number() -> None:
    person = PersonFactory(phone="０３－４４４４－５５５５")

    assert "44445555" not in raw_rows("consultations_person")
    assert Person.objects.search(phone="03-4444-5555").get() == person


@pytest.mark.django_db
def test_values_cannot_be_read_without_the_key() -> None:
    PersonFactory(notes="鍵がないと読めない")

    with (
        override_settings(CASE_DATA_KEYS=["ijdVt5vcuFwxZaNkvDoHPJr1eOOAU7qCRE1sYZJ1HdY="]),
        pytest.raises(Exception, match="cannot be decrypted"),
    ):
        Person.objects.get()


def test_the_settings_refuse_to_start_without_keys_in_production() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "false", "CASE_DATA_KEYS": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import nerima_portal.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "CASE_DATA_KEYS must be set" in result.stderr
