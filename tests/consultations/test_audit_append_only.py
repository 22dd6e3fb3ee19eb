"""Recorded history cannot be changed or removed, and case data cannot be bulk-changed or
deleted at all (so no change can escape the change history)."""

import pytest

from consultations import services
from consultations.models import (
    AccessLog,
    AppendOnlyError,
    Case,
    ChangeRecord,
    Entry,
    Person,
    Referral,
)
from tests.consultations.factories import CaseFactory


@pytest.fixture
def entry(staff_a) -> Entry:
    case = CaseFactory(primary_staff=staff_a)
    return services.entry_add(case=case, user=staff_a, kind=Entry.Kind.PHONE, summary="電話")


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AccessLog, ChangeRecord, Entry])
def test_audit_rows_refuse_save_delete_update_and_queryset_delete(entry, model) -> None:
    row = model.objects.first()
    assert row is not None

    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "change"),
    [(Case, {"status": "closed"}), (Person, {"kana": "x"}), (Referral, {"status": "completed"})],
)
def test_case_data_cannot_be_bulk_changed_or_deleted(entry, model, change) -> None:
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(**change)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()


@pytest.mark.django_db
def test_a_case_is_never_deleted(entry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.case.delete()
    assert Case.objects.filter(pk=entry.case_id).exists()
    assert Entry.objects.filter(pk=entry.pk).exists()
