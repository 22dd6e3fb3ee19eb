"""Who wrote a web inquiry flows into the case at conversion: 相談者 and, for a family member,
the household (the writer seen from 本人, living apart until known, the key person). 「本人」
only when the person wrote themselves."""

import pytest

from accounts.models import User
from consultations import services
from consultations.models import Case, Inquiry, Person

pytestmark = pytest.mark.django_db


def take(inquiry: Inquiry, user: User) -> Case:
    return services.inquiry_take(inquiry=inquiry, user=user)


def test_a_sibling_writing_about_a_mother_and_a_brother_is_family_not_the_person(
    an_inquiry: Inquiry, staff_a: User
) -> None:
    an_inquiry.writer = Inquiry.Writer.FAMILY
    an_inquiry.about_relationship = Inquiry.AboutRelationship.SIBLING
    an_inquiry.save()

    case = take(an_inquiry, staff_a)

    assert case.came_from == Case.CameFrom.FAMILY
    assert case.person is None  # the writer is not 本人: staff record the brother
    assert not Person.objects.exists()
    writer = case.household_members.get()
    assert writer.relationship == "sibling"
    assert writer.lives_together is False
    assert writer.is_key_person is True
    assert writer.name == "石神井 よし子"
    assert "03-9876-5432" in writer.notes
    assert an_inquiry.reference in writer.notes


def test_a_child_writing_about_a_parent_is_the_parents_child(
    an_inquiry: Inquiry, staff_a: User
) -> None:
    an_inquiry.writer = Inquiry.Writer.FAMILY
    an_inquiry.about_relationship = Inquiry.AboutRelationship.PARENT
    an_inquiry.save()

    assert take(an_inquiry, staff_a).household_members.get().relationship == "child"


def test_the_person_writing_themselves_becomes_the_person(
    an_inquiry: Inquiry, staff_a: User
) -> None:
    an_inquiry.writer = Inquiry.Writer.SELF
    an_inquiry.save()

    case = take(an_inquiry, staff_a)

    assert case.came_from == Case.CameFrom.SELF
    assert case.person.name == "石神井 よし子"
    assert not case.household_members.exists()


def test_a_welfare_commissioner_is_recorded_as_who_consulted_but_not_as_household(
    an_inquiry: Inquiry, staff_a: User
) -> None:
    an_inquiry.writer = Inquiry.Writer.COMMISSIONER
    an_inquiry.save()

    case = take(an_inquiry, staff_a)

    assert case.came_from == Case.CameFrom.COMMISSIONER
    assert case.person is None
    assert not case.household_members.exists()


def test_an_inquiry_that_did_not_say_who_wrote_is_not_taken_as_the_person(
    an_inquiry: Inquiry, staff_a: User
) -> None:
    case = take(an_inquiry, staff_a)
    assert case.came_from == Case.CameFrom.UNKNOWN


def test_the_public_form_sends_who_is_writing(submit, staff_a: User) -> None:
    from tests.consultations.conftest import inquiry_data

    response = submit(inquiry_data(writer="family", about_relationship="sibling"))

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.writer, inquiry.about_relationship) == ("family", "sibling")


def test_a_relationship_without_family_is_refused_beside_the_field_and_kept(submit) -> None:
    from tests.consultations.conftest import inquiry_data

    response = submit(inquiry_data(writer="neighbour", about_relationship="parent"))

    assert response.status_code == 200 or response.status_code == 400
    assert not Inquiry.objects.exists()
    form = response.context["form"]
    assert form.errors["about_relationship"] == [
        "続柄は、「送信するのはどなたですか」で「ご家族・ご親族」を選んだときだけ選んでください。"
    ]
    assert form["writer"].value() == "neighbour"
    assert "八十代の母と五十代の兄" in response.content.decode()
