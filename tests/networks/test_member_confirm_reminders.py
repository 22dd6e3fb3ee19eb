"""Each month, editors whose entries have not been confirmed for six months get a reminder
with a 「変更なし」 link; the link's page changes nothing on GET (link prefetchers), its one
button renews the 確認日 of the member, its facilities and activities. Sending is idempotent
within a month."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from networks import services
from networks.models import Activity, Facility, Member
from tests.networks.editors import Organisation

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/network/editor/confirm/[^/\s]+/)")


def confirm_all(org: Organisation, on: dt.date) -> None:
    Member.objects.filter(pk=org.member.pk).update(last_confirmed_on=on)
    Facility.objects.filter(member=org.member).update(last_confirmed_on=on)
    Activity.objects.filter(organiser=org.member).update(last_confirmed_on=on)


def test_only_editors_of_stale_entries_are_reminded_once_a_month(
    org_a: Organisation, org_b: Organisation
) -> None:
    today = timezone.localdate()
    confirm_all(org_a, today - dt.timedelta(days=30))
    confirm_all(org_b, today - dt.timedelta(days=30))
    Facility.objects.filter(pk=org_b.facility.pk).update(
        last_confirmed_on=today - dt.timedelta(days=200)
    )

    call_command("remind_member_editors", verbosity=0)
    call_command("remind_member_editors", verbosity=0)  # the same month: nothing more

    assert [m.to for m in mail.outbox] == [[org_b.editor.email]]
    assert "法人MKRB" in mail.outbox[0].subject
    mail.outbox.clear()
    assert services.editors_remind(today=today + dt.timedelta(days=40)) == 1  # next month
    assert [m.to for m in mail.outbox] == [[org_b.editor.email]]


def test_the_link_confirms_only_on_the_button(org_a: Organisation) -> None:
    services.editors_remind()
    link = LINK.search(mail.outbox[0].body).group(1)
    browser = Client()

    page = browser.get(link)  # what a mail client's link preview does
    assert page.status_code == 200
    assert "変更なし" in page.content.decode()
    org_a.member.refresh_from_db()
    assert org_a.member.last_confirmed_on is None

    assert browser.post(link).status_code == 200
    today = timezone.localdate()
    org_a.member.refresh_from_db()
    org_a.facility.refresh_from_db()
    org_a.activity.refresh_from_db()
    assert org_a.member.last_confirmed_on == today
    assert org_a.facility.last_confirmed_on == today
    assert org_a.activity.last_confirmed_on == today


def test_a_mangled_link_confirms_nothing(org_a: Organisation) -> None:
    response = Client().post("/network/editor/confirm/not-a-token/")
    assert response.status_code == 404
    org_a.member.refresh_from_db()
    assert org_a.member.last_confirmed_on is None


def test_six_months_back_from_the_end_of_a_month() -> None:
    assert services.stale_before(dt.date(2026, 8, 31)) == dt.date(2026, 2, 28)
    assert services.stale_before(dt.date(2026, 3, 15)) == dt.date(2025, 9, 15)
