"""「ネリーズになる」: a signed-in resident registers, agreeing to the terms."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from nerizu.models import TERMS_VERSION, Nerizu
from networks.models import District
from tests.factories import HashtagFactory
from tests.html import visible_text

URL = "/nerizu/join/"


def valid_data(district: District, **changes: object) -> dict[str, object]:
    data = {
        "display_name": "ひかりん",
        "district": district.pk,
        "interests": [],
        "how_to_help": "月に一度、サロンの準備を手伝いたい。",
        "agree": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_it_registers_the_resident_with_consent_recorded(
    resident_client: Client, resident: User, districts: list[District]
) -> None:
    tags = [HashtagFactory(name="見守り"), HashtagFactory(name="居場所")]
    before = timezone.now()

    response = resident_client.post(
        URL, valid_data(districts[1], interests=[tags[0].pk, tags[1].pk])
    )

    assert response.status_code == 302
    assert response["Location"] == "/nerizu/me/"
    nerizu = Nerizu.objects.get(user=resident)
    assert nerizu.display_name == "ひかりん"
    assert nerizu.district == districts[1]
    assert set(nerizu.interests.all()) == set(tags)
    assert nerizu.how_to_help == "月に一度、サロンの準備を手伝いたい。"
    assert nerizu.terms_version == TERMS_VERSION
    assert nerizu.agreed_at >= before


@pytest.mark.django_db
def test_it_refuses_without_consent_and_says_so_next_to_the_checkbox(
    resident_client: Client, resident: User, districts: list[District]
) -> None:
    data = valid_data(districts[0])
    del data["agree"]

    response = resident_client.post(URL, data)

    assert response.status_code == 200
    assert not Nerizu.objects.filter(user=resident).exists()
    form = response.context["form"]
    assert form.errors["agree"] == ["登録するには、ネリーズ利用規約への同意が必要です。"]
    html = response.content.decode()
    # The error sits inside the checkbox's own field block, and the widget points to it.
    block = html[html.index('<div class="field field--invalid">') :]
    block = block[: block.index('name="agree"')]
    assert "登録するには、ネリーズ利用規約への同意が必要です。" in block
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_it_keeps_what_was_typed_when_something_is_missing(
    resident_client: Client, resident: User, districts: list[District]
) -> None:
    response = resident_client.post(URL, valid_data(districts[2], display_name=""))

    assert response.status_code == 200
    assert not Nerizu.objects.filter(user=resident).exists()
    assert response.context["form"].errors["display_name"] == ["表示名を入力してください。"]
    html = response.content.decode()
    assert "月に一度、サロンの準備を手伝いたい。" in html
    assert re.search(
        rf'<input type="radio" name="district" value="{districts[2].pk}"[^>]* checked', html
    )
    assert re.search(r'<input type="checkbox" name="agree"[^>]* checked', html)
    assert "入力内容を確認してください" in visible_text(response)


@pytest.mark.django_db
def test_it_requires_a_district(
    resident_client: Client, resident: User, districts: list[District]
) -> None:
    data = valid_data(districts[0])
    del data["district"]

    response = resident_client.post(URL, data)

    assert response.context["form"].errors["district"] == ["地区を選んでください。"]
    assert not Nerizu.objects.exists()


@pytest.mark.django_db
def test_it_links_the_terms_from_the_form(resident_client: Client, districts: object) -> None:
    response = resident_client.get(URL)

    assert response.status_code == 200
    assert '<a href="/nerizu/terms/">ネリーズ利用規約</a>' in response.content.decode()


@pytest.mark.django_db
def test_it_requires_login(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/nerizu/join/"


@pytest.mark.django_db
def test_a_second_registration_is_not_possible(
    client: Client, nerizu: Nerizu, districts: list[District]
) -> None:
    client.force_login(nerizu.user)

    response = client.post(URL, valid_data(districts[0], display_name="二人目"))

    assert response.status_code == 302
    assert response["Location"] == "/nerizu/me/"
    assert Nerizu.objects.count() == 1
    nerizu.refresh_from_db()
    assert nerizu.display_name == "ひかりん"
