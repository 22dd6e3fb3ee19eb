"""An account an administrator makes in the admin signs in through the one login (allauth)
without a confirmation e-mail first: the administrator vouches for the address they typed."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "an-editor-password-long-enough-7"


def test_an_account_made_in_the_admin_signs_in_without_confirming_first(administrator) -> None:
    admin = client_for(administrator)

    made = admin.post(
        "/admin/accounts/user/add/",
        {
            "email": "new-editor@example.jp",
            "name": "新しい 編集者",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    user = User.objects.get(email="new-editor@example.jp")
    user.is_staff = True
    user.save()
    response = Client().post(
        "/accounts/login/", {"login": "new-editor@example.jp", "password": NEW_PASSWORD}
    )

    assert made.status_code == 302
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert not mail.outbox


def test_a_resident_who_signed_up_still_confirms_their_address(db: None) -> None:
    User.objects.create_user("self-made@example.jp", PASSWORD, name="住民")

    response = Client().post(
        "/accounts/login/", {"login": "self-made@example.jp", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert len(mail.outbox) == 1
