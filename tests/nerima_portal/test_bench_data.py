"""The benchmark generator: a large invented directory in bulk, all marked as sample data."""

import pytest
from django.core.management import call_command

from networks.models import Activity, ActivityOccurrence, ActivitySession, Facility, Member


@pytest.mark.django_db
def test_it_generates_the_requested_numbers_with_their_dates(plan: object) -> None:
    call_command(
        "generate_bench_data",
        "--members",
        "20",
        "--facilities",
        "50",
        "--activities",
        "120",
        verbosity=0,
    )

    assert Member.objects.count() == 20
    assert Facility.objects.count() == 50
    assert Activity.objects.count() == 120
    assert ActivitySession.objects.exists()
    assert ActivityOccurrence.objects.count() > 120
    for model in (Member, Facility, Activity):
        assert not model.objects.filter(is_sample=False).exists()
    assert Member.objects.filter(kana_row="").exists()  # some names start in Latin letters
    assert Member.objects.exclude(kana_row="").count() > 10
    # every recurring activity has its dates, like one saved in the admin
    recurring = Activity.objects.exclude(schedule="dated")
    assert not recurring.filter(occurrences__isnull=True).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data(plan: object) -> None:
    def snapshot() -> list[str]:
        return list(Activity.objects.order_by("pk").values_list("title", flat=True))

    call_command(
        "generate_bench_data",
        "--members",
        "5",
        "--facilities",
        "5",
        "--activities",
        "10",
        verbosity=0,
    )
    first = snapshot()
    call_command("load_sample_data", "--delete", verbosity=0)
    call_command(
        "generate_bench_data",
        "--members",
        "5",
        "--facilities",
        "5",
        "--activities",
        "10",
        verbosity=0,
    )

    assert snapshot() == first
    assert len(first) == 10
