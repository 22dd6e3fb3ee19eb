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
    # Written by COPY, the cases still carry their person's reading and their categories for
    # the list's search and filter (Case.person_kana_key, Case.category_keys).
    for case in Case.objects.select_related("person").prefetch_related("categories"):
        reading = case.person.kana_key if case.person else ""
        if reading:
            assert Case.objects.search(reading).filter(pk=case.pk).exists()
        for category in case.categories.all():
            assert Case.objects.in_category(category.pk).filter(pk=case.pk).exists()

    call_command("generate_case_bench_data", "--cases", "50", "--entries", "200")
    assert Case.objects.count() == 50
    assert "already there" in capsys.readouterr().out
