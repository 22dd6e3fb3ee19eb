"""generate_case_bench_data: invented, marked sample, numbered, readable, and reused."""

import pytest
from django.core.management import call_command

from accounts.models import User
from consultations.models import Case, CaseCounter, Entry, Person


@pytest.mark.django_db
def test_it_generates_sample_cases_entries_and_staff_once(capsys) -> None:
    call_command("generate_case_bench_data", "--cases", "50", "--entries", "200")

    assert Case.objects.count() == 50
    assert not Case.objects.filter(is_sample=False).exists()
    assert not Person.objects.filter(is_sample=False).exists()
    assert Entry.objects.count() == 200
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 50
    # The counters continue after the generated numbers.
    for counter in CaseCounter.objects.all():
        assert Case.objects.filter(number=f"{counter.fiscal_year}-{counter.last:06d}").exists()
    assert "サンプル" in Person.objects.first().name
    assert Entry.objects.first().detail
    supervisor = User.objects.get(email="bench-supervisor@example.jp")
    supervisor.second_factor_passed = True  # as when signed in with the bench's TOTP code
    assert Case.objects.visible_to(supervisor).exists()

    call_command("generate_case_bench_data", "--cases", "50", "--entries", "200")
    assert Case.objects.count() == 50
    assert "already there" in capsys.readouterr().out
