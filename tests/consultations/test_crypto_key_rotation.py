"""Key rotation: new key first, rotate, drop the old key; every value still reads."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from consultations import services
from consultations.models import AccessLog, ChangeRecord, Entry, Person
from tests.consultations.factories import CaseFactory, PersonFactory

OLD = "E3pQna5-yJ5ov6rHYCVaTR0_vxS0l5pDqPYvGkJKprs="


def raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_after_rotation_only_the_new_key_is_needed(staff_a, settings) -> None:
    assert settings.CASE_DATA_KEYS == [OLD]
    person = PersonFactory(name="鍵 替子", phone="03-1212-3434", notes="メモ")
    case = CaseFactory(person=person, primary_staff=staff_a, main_concern="主訴")
    services.entry_add(
        case=case, user=staff_a, kind=Entry.Kind.PHONE, summary="要約", detail="詳細"
    )
    services.access_log(user=staff_a, action=AccessLog.Action.SEARCH, detail="かぎ")
    before = raw("consultations_entry", "detail")
    new_key = Fernet.generate_key().decode()

    with override_settings(CASE_DATA_KEYS=[new_key, OLD]):
        call_command("rotate_case_data_keys", verbosity=0)

    assert raw("consultations_entry", "detail") != before
    with override_settings(CASE_DATA_KEYS=[new_key]):
        person = Person.objects.get(pk=person.pk)
        assert (person.name, person.phone, person.notes) == ("鍵 替子", "03-1212-3434", "メモ")
        assert case.entries.get().detail == "詳細"
        assert AccessLog.objects.get(action="search").detail == "かぎ"
        assert ChangeRecord.objects.filter(field="detail").get().new == "詳細"
        # The phone search still finds the person (its index was recomputed too).
        assert Person.objects.search(phone="0312123434").get() == person
    with override_settings(CASE_DATA_KEYS=[OLD]), pytest.raises(Exception, match="decrypted"):
        Person.objects.get(pk=person.pk)
