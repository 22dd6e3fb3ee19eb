"""「コーディネーターに相談する」: what the form asks, refuses and keeps."""

import re

import pytest
from django.test import Client

from consultations.models import Inquiry
from tests.consultations.conftest import PERSONAL, inquiry_data
from tests.html import visible_text


def error_next_to(html: str, field: str) -> str:
    """The error shown beside a field (Django renders it with the id <field id>_error)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>(.*?)</li>', html)
    assert match, f"no error beside {field}"
    return match.group(1)


@pytest.mark.django_db
def test_it_shows_the_form_with_every_question(client: Client) -> None:
    response = client.get("/consult/")

    assert response.status_code == 200
    text = visible_text(response)
    for question in (
        "お名前",
        "匿名で相談する",
        "こちらからのご連絡の方法",
        "電話番号",
        "メールアドレス",
        "お住まいの地区",
        "どんなことのご相談ですか",
        "ご相談の内容",
        "個人情報の取り扱いについて同意します",
    ):
        assert question in text
    assert (
        '<a href="/consult/privacy/" target="_blank" rel="noopener">個人情報の取り扱いについて'
        "（新しいタブで開きます）</a>"
    ) in response.content.decode()
    assert "110番" in text  # emergencies are not for a form


@pytest.mark.django_db
def test_it_stores_an_inquiry_and_redirects_to_the_thanks_page(submit: object) -> None:
    response = submit(inquiry_data())

    assert response.status_code == 302
    assert response["Location"] == "/consult/thanks/"
    inquiry = Inquiry.objects.get()
    assert inquiry.name == PERSONAL["name"]
    assert inquiry.phone == PERSONAL["phone"]
    assert inquiry.email == PERSONAL["email"]
    assert inquiry.message == PERSONAL["message"]
    assert inquiry.contact_method == Inquiry.ContactMethod.PHONE
    assert inquiry.district.slug == "shakujii"
    assert inquiry.topic == Inquiry.Topic.ISOLATION
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.consented_at is not None
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", inquiry.reference)
    assert "203.0.113" not in inquiry.sender_key  # a keyed hash, not the address


@pytest.mark.django_db
def test_an_anonymous_inquiry_needs_no_name_and_no_contact(submit: object) -> None:
    response = submit(
        inquiry_data(name="", anonymous="on", contact_method="none", phone="", email="")
    )

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.is_anonymous
    assert not inquiry.wants_reply
    assert (inquiry.name, inquiry.phone, inquiry.email) == ("", "", "")


@pytest.mark.django_db
def test_the_district_is_optional(submit: object) -> None:
    assert submit(inquiry_data(district="")).status_code == 302
    assert Inquiry.objects.get().district is None


@pytest.mark.django_db
def test_it_asks_for_a_name_or_the_anonymous_choice(submit: object) -> None:
    response = submit(inquiry_data(name=""))

    assert response.status_code == 200
    assert "「匿名で相談する」を選んでください" in error_next_to(response.content.decode(), "name")
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_name_together_with_the_anonymous_choice(submit: object) -> None:
    response = submit(inquiry_data(anonymous="on"))

    assert "お名前を消してください" in error_next_to(response.content.decode(), "name")
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    ("method", "field", "message"),
    [
        ("phone", "phone", "「電話」を選んだ場合は、電話番号を入力してください。"),
        ("email", "email", "「メール」を選んだ場合は、メールアドレスを入力してください。"),
    ],
)
@pytest.mark.django_db
def test_the_chosen_contact_method_needs_its_contact(
    submit: object, method: str, field: str, message: str
) -> None:
    response = submit(inquiry_data(contact_method=method, phone="", email=""))

    html = response.content.decode()
    assert error_next_to(html, field) == message
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_a_reply_by_email_needs_no_phone(submit: object) -> None:
    assert submit(inquiry_data(contact_method="email", phone="")).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "でんわ", "電話番号は数字とハイフンで入力してください"),
        ("email", "yoshiko@", "メールアドレスの形が正しくありません"),
        ("message", "", "ご相談の内容を書いてください。"),
        ("message", "あ" * 4001, "4000文字以内で入力してください（いまは4001文字です）。"),
        ("name", "名" * 101, "100文字以内で入力してください"),
        ("topic", "", "いちばん近いものを1つ選んでください。"),
        ("topic", "money", "選択肢の中から選んでください。"),
        ("contact_method", "fax", "選択肢の中から選んでください。"),
        ("district", "tokyo", "選択肢の中から選んでください。"),
        ("consent", "", "同意いただかないと送信できません。"),
    ],
)
@pytest.mark.django_db
def test_each_mistake_gets_a_japanese_message_beside_its_field_and_keeps_the_input(
    submit: object, field: str, value: str, message: str
) -> None:
    response = submit(inquiry_data(**{field: value}))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in error_next_to(html, field)
    assert "入力内容を確認してください" in visible_text(response)  # the summary on top
    assert "まだ送信されていません" in html  # also in the page title
    # Everything else typed is still there.
    for key, typed in PERSONAL.items():
        if key != field:
            assert typed in html, key
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_the_error_summary_links_to_the_first_radio_button(submit: object) -> None:
    html = submit(inquiry_data(topic=None)).content.decode()

    assert 'href="#id_topic_0"' in html
    assert 'id="id_topic_0"' in html


@pytest.mark.django_db
def test_full_width_phone_numbers_are_accepted_and_normalised(submit: object) -> None:
    assert submit(inquiry_data(phone="０３ー１２３４－５６７８")).status_code == 302
    assert Inquiry.objects.get().phone == "03-1234-5678"


@pytest.mark.django_db
def test_browser_line_breaks_count_as_one_character(submit: object) -> None:
    message = "\r\n".join(["あ" * 99] * 40)  # 3,960 characters and 39 line breaks

    assert submit(inquiry_data(message=message)).status_code == 302
    assert Inquiry.objects.get().message == message.replace("\r\n", "\n")


@pytest.mark.django_db
def test_a_filled_trap_field_stores_nothing_but_keeps_the_input_for_a_person(
    submit: object,
) -> None:
    response = submit(inquiry_data(homepage="http://spam.example/"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "自動送信の疑いがあるため" in html
    assert PERSONAL["message"] in html
    assert "spam.example" not in html  # drawn empty, so a person's second try goes through
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_the_trap_field_is_hidden_from_everyone_without_inline_styles(client: Client) -> None:
    html = client.get("/consult/").content.decode()

    trap = re.search(r'<div class="consult-trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)
    assert " style=" not in html


@pytest.mark.django_db
def test_a_profile_link_can_preselect_the_district(client: Client) -> None:
    html = client.get("/consult/?district=oizumi").content.decode()

    assert '<option value="oizumi" selected>' in html


@pytest.mark.django_db
def test_the_form_is_never_cached(client: Client) -> None:
    response = client.get("/consult/")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_privacy_notice_explains_sensitive_information(client: Client) -> None:
    response = client.get("/consult/privacy/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "要配慮個人情報" in text
    assert "同意" in text
    assert "受付番号だけ" in text  # what the staff e-mail holds


@pytest.mark.parametrize("url", ["/consult/", "/consult/?district=nerima", "/consult/privacy/"])
@pytest.mark.django_db
def test_the_pages_stay_within_twelve_queries(
    client: Client, django_assert_max_num_queries: object, url: str
) -> None:
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_submission_stays_within_eighteen_queries(
    submit: object, django_assert_max_num_queries: object
) -> None:
    # Savepoints count as queries here; five are the per-sender lock in the shared cache.
    with django_assert_max_num_queries(18):
        assert submit(inquiry_data()).status_code == 302
