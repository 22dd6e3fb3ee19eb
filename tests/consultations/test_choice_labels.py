"""Case data shows each choice by its label, in the language of the page, as Django's own
get_<field>_display does (consultations.models.base.ProtectedModel finds it without
translating every other label), and an unknown value as itself."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.encoding import force_str

from consultations.models.base import ProtectedModel


def _choice_fields() -> list[tuple[type, object]]:
    return [
        (model, field)
        for model in apps.get_app_config("consultations").get_models()
        if issubclass(model, ProtectedModel)
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_there_are_choice_fields_to_check() -> None:
    assert len(_choice_fields()) >= 10


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_choice_is_shown_by_its_label(language: str) -> None:
    with translation.override(language):
        for model, field in _choice_fields():
            for value, label in field.flatchoices:
                row = model(**{field.attname: value})
                shown = getattr(row, f"get_{field.name}_display")()
                assert shown == force_str(label), (model, field.name, value)
            row = model(**{field.attname: "no-such-value"})
            assert getattr(row, f"get_{field.name}_display")() == "no-such-value"
