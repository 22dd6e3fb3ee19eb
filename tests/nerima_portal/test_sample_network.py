"""Sample data for the network: members, facilities, activities and coordinator profiles, all
marked 「サンプル」 wherever they appear, scaled by --copies and removed by --delete."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from networks.models import Activity, Coordinator, Facility, Member
from tests.factories import MemberFactory


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="card directory-card".*?</article>', html, re.S)


@pytest.mark.django_db
def test_sample_data_fills_the_directory_with_marked_records(sample_data: object) -> None:
    assert Member.objects.count() == 6
    assert Facility.objects.count() == 6
    assert Activity.objects.count() == 8
    assert Coordinator.objects.count() == 4
    for model in (Member, Facility, Activity, Coordinator):
        assert set(model.objects.values_list("is_sample", flat=True)) == {True}
    assert Activity.objects.filter(schedule="dated").exists()
    salon = Activity.objects.get(title="ひかりサロン（サンプル）")
    assert salon.recurrence_text == "毎月第2・第4金曜日 10:00〜12:00"
    assert salon.occurrences.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/network/", "/network/facilities/", "/activities/"])
def test_every_sample_card_shows_the_badge(sample_data: object, client: Client, url: str) -> None:
    found = cards(client.get(url).content.decode())

    assert found
    for card in found:
        assert 'class="badge badge--sample">サンプル<' in card


@pytest.mark.django_db
def test_every_sample_detail_page_shows_the_badge(sample_data: object, client: Client) -> None:
    for model in (Member, Facility, Activity):
        for obj in model.objects.all():
            html = client.get(obj.get_absolute_url()).content.decode()
            header = html[html.index('<header class="page-header">') :]
            assert 'class="badge badge--sample">サンプル<' in header[: header.index("</header>")]


@pytest.mark.django_db
def test_sample_coordinator_profiles_show_the_badge(sample_data: object, client: Client) -> None:
    html = client.get("/coordinators/").content.decode()

    profiles = re.findall(r'<article class="coordinator".*?</article>', html, re.S)
    assert len(profiles) == 4
    for profile in profiles:
        assert 'class="badge badge--sample">サンプル<' in profile


@pytest.mark.django_db
def test_copies_scale_the_network_and_loading_again_adds_nothing(plan: object) -> None:
    call_command("load_sample_data", "--copies", "3", verbosity=0)
    call_command("load_sample_data", "--copies", "3", verbosity=0)

    assert Member.objects.count() == 18
    assert Activity.objects.count() == 24
    assert Member.objects.filter(name="ひかり福祉会（サンプル3）").exists()
    assert (
        Activity.objects.get(title="ひかりサロン（サンプル2）")
        .hashtags.filter(name="居場所2")
        .exists()
    )


@pytest.mark.django_db
def test_delete_removes_only_the_sample_network(sample_data: object) -> None:
    real = MemberFactory(name="本物の会")

    call_command("load_sample_data", "--delete", verbosity=0)

    assert list(Member.objects.all()) == [real]
    assert not Facility.objects.exists()
    assert not Activity.objects.exists()
    assert not Coordinator.objects.exists()
