"""allauth's pages in the site's frame: Japanese, one h1, no inline script or style."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from tests.html import parse, visible_text

ENTRANCE_PAGES = {
    "/accounts/login/": "ログイン",
    "/accounts/signup/": "ユーザー登録",
    "/accounts/password/reset/": "パスワードの再設定",
    "/accounts/password/reset/done/": "パスワードの再設定",
    "/accounts/confirm-email/": "メールアドレスを確認してください",
    "/accounts/confirm-email/not-a-key/": "メールアドレスの確認",
}
MANAGE_PAGES = {
    "/accounts/password/change/": "パスワード変更",
    "/accounts/email/": "メールアドレス",
    "/accounts/logout/": "ログアウト",
}


def assert_well_formed(response: object, title: str) -> None:
    html = response.content.decode()
    structure = parse(response)
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert structure.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(structure.headings))
    assert title in visible_text(response)
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert '<a class="skip-link" href="#main">本文へ移動</a>' in html
    assert "/static/css/nerizu" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "title"), ENTRANCE_PAGES.items())
def test_entrance_pages_are_in_the_site_frame(client: Client, url: str, title: str) -> None:
    assert_well_formed(client.get(url), title)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "title"), MANAGE_PAGES.items())
def test_account_settings_pages_are_in_the_site_frame(
    client: Client, resident: User, url: str, title: str
) -> None:
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    client.force_login(resident)

    assert_well_formed(client.get(url), title)


@pytest.mark.django_db
def test_form_errors_appear_next_to_the_field_and_in_a_summary(client: Client) -> None:
    response = client.post("/accounts/signup/", {"email": "not-an-address"})
    html = response.content.decode()

    assert 'class="error-summary"' in html
    assert '<ul class="errorlist" id="id_email_error">' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_every_field_has_a_visible_label(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()

    assert '<label class="field__label" for="id_login">' in html
    assert '<label class="field__label" for="id_password">' in html
