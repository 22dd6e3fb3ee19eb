"""Finding a person or a case by kana (hiragana, katakana or the name's kanji), phone number,
birth date or case number, within what the user may see."""

import datetime as dt

import pytest

from consultations.models import Case, Person
from tests.consultations.factories import CaseFactory, PersonFactory


@pytest.fixture
def yamada(staff_a) -> Case:
    person = PersonFactory(
        name="山田 花子",
        kana="ヤマダ ハナコ",
        phone="090-1234-5678",
        birth_date=dt.date(1960, 5, 1),
    )
    return CaseFactory(person=person, primary_staff=staff_a)


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["やまだ", "ヤマダ", "山田", "はなこ", "ﾔﾏﾀﾞ"])
def test_a_case_is_found_by_any_writing_of_the_reading(staff_a, yamada, term) -> None:
    assert list(Case.objects.visible_to(staff_a).search(term)) == [yamada]


@pytest.mark.django_db
def test_a_case_is_found_by_number_serial_and_phone(staff_a, yamada) -> None:
    visible = Case.objects.visible_to(staff_a)

    assert list(visible.search(yamada.number)) == [yamada]
    assert list(visible.search(str(int(yamada.number[-6:])))) == [yamada]
    assert list(visible.search("090-1234-5678")) == [yamada]
    assert not visible.search("いのうえ").exists()


@pytest.mark.django_db
def test_the_reading_is_derived_from_the_name_when_none_is_typed(staff_a) -> None:
    person = PersonFactory(name="石神井 太郎", kana="")

    assert Person.objects.search(kana="しゃくじい").get() == person


@pytest.mark.django_db
def test_person_search_needs_a_criterion_and_matches_all_given(staff_a, yamada) -> None:
    visible = Person.objects.visible_to(staff_a)

    assert not visible.search().exists()
    assert visible.search(kana="やまだ", birth_date=dt.date(1960, 5, 1)).get() == yamada.person
    assert not visible.search(kana="やまだ", birth_date=dt.date(1961, 5, 1)).exists()


@pytest.mark.django_db
def test_staff_of_another_team_do_not_find_the_person(staff_b, yamada) -> None:
    assert not Person.objects.visible_to(staff_b).search(kana="やまだ").exists()
    assert not Case.objects.visible_to(staff_b).search("やまだ").exists()
