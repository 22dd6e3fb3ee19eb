"""Form fields shared by several apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model


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
