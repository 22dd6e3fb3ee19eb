"""Form fields shared by several apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.functional import Promise

# Choice labels as a form's markup key spells them (choices_key), by language and label. A
# model's choices (TextChoices) are the same lazy texts on every request, and translating
# each of them again was most of a key's cost. An entry holds its lazy text, so that the
# text's id cannot pass to another object while the entry lasts.
_CHOICE_LABELS: dict[tuple[str, int], tuple[Promise, str]] = {}
_CHOICE_LABELS_LIMIT = 1024


def choices_key(field: forms.Field, language: str) -> tuple[tuple[str, str], ...]:
    """The field's choices, as (value, label) texts in the active `language`: the part of a
    kept form markup's key (staff and networks filter forms, the case page's forms) that the
    choices make."""
    return tuple(
        (str(value), _label(label, language)) for value, label in getattr(field, "choices", ())
    )


def _label(label: Any, language: str) -> str:
    if not isinstance(label, Promise):
        return str(label)
    key = (language, id(label))
    kept = _CHOICE_LABELS.get(key)
    if kept is None or kept[0] is not label:
        if len(_CHOICE_LABELS) >= _CHOICE_LABELS_LIMIT:
            _CHOICE_LABELS.clear()
        kept = _CHOICE_LABELS[key] = (label, str(label))
    return kept[1]


class ModelChoiceByKeyField(forms.ModelChoiceField):
    """A ModelChoiceField for which any value that is not a choice is simply "not a choice".

    Django checks NUL characters before looking the value up and reports them with a message
    of its own (whose Japanese translation is wrong); a NUL can never name a choice, so it
    gets the field's invalid_choice message like any other unknown value.
    """

    def to_python(self, value: Any) -> Model | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "null_characters_not_allowed":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
