"""A file that could not be stored (a full disk) shows the form again, never a 500.

The storage (core.storage) raises FileNotStored and leaves no file behind; the row is not
saved either. What is left to do is the page: the form again, with what was typed and a
Japanese message beside the file field. Views call `form_file_not_stored()`; admins that
take files inherit `FileUploadAdminMixin`.
"""

import logging
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.storage import FileNotStored

logger = logging.getLogger(__name__)

PHOTO_NOT_STORED = _(
    "写真を保存できませんでした。時間をおいて、もう一度写真を選んで保存してください。"
)


def form_file_not_stored(
    form: forms.BaseForm, field: str | None, error: FileNotStored, message: StrOrPromise
) -> None:
    """Nothing was saved: the message goes beside the field (and the error to the log, for
    the operators: a full disk needs someone)."""
    logger.error("A file for %r could not be stored", field, exc_info=error)
    form.add_error(field, message)


class FileUploadAdminMixin(admin.ModelAdmin):
    """For a ModelAdmin whose form takes files: a file that cannot be stored shows the add or
    change form again, as for any mistake, instead of a 500.

    The admin saves in one transaction, which the error rolls back (no row; the storage left
    no file). The form is then made again from the same request, with the message beside
    each file field that carried a new file, so what was typed stays in it. (A model with
    two file fields would keep the first file if the second failed: none has two yet.)
    """

    file_not_stored_message: StrOrPromise = PHOTO_NOT_STORED

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except FileNotStored as error:
            if request.method != "POST":
                raise
            request._file_not_stored = error  # type: ignore[attr-defined]  # for get_form()
            for _name, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read once already, checked again from the start
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_file_not_stored", None)
        if not isinstance(error, FileNotStored):
            return form_class
        not_stored = error  # narrowed here, for the class below
        message = self.file_not_stored_message

        class FileNotStoredForm(form_class):  # type: ignore[valid-type, misc]
            def clean(self) -> dict[str, Any]:
                cleaned_data = super().clean()
                new_files = [
                    name
                    for name, field in self.fields.items()
                    if isinstance(field, forms.FileField) and name in self.changed_data
                ]
                # None: a file of an inline; the message goes above the form, which is
                # invalid either way, so the second try saves nothing.
                for name in new_files or [None]:
                    form_file_not_stored(self, name, not_stored, message)
                return cleaned_data

        return FileNotStoredForm
