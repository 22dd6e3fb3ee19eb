"""The admin's spreadsheet import and export, for every app's ModelAdmin: CSV as Excel writes
it in Japan, uploads checked and imported in the background (core/imports.py) with a job page
that shows the progress and the problems in Japanese."""

from typing import Any

import tablib
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from core.imports import (
    UnreadableFile,
    decode_csv,
    import_job_confirm,
    import_job_create,
    read_headers,
)
from core.models import ImportJob


class JapaneseCSV(base_formats.CSV):
    """CSV as Excel writes it in Japan: UTF-8 (with or without BOM) or Shift_JIS (cp932).

    Read as bytes and decoded here, so either encoding works; written with a BOM, so Excel
    opens the export in the right encoding.
    """

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = decode_csv(in_stream)  # a Japanese message for NUL or other encodings
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        return "\ufeff" + super().export_data(dataset, **kwargs)


class ImportExportAdmin(ImportExportModelAdmin):
    """Import in two steps, both background tasks (core/imports.py): the upload stores
    the file and queues its check; the job page shows the progress, then the problems or a
    confirm button that queues the import. A file with any bad row changes nothing, even if
    the data changed between the check and the confirmation. Messages in Japanese.

    Import needs the add and change permissions on the model, export the view permission
    (the project's IMPORT_EXPORT_*_PERMISSION_CODE settings would allow only one of them).
    """

    formats = [JapaneseCSV, base_formats.XLSX]
    import_help_text: StrOrPromise = (
        ""  # what this model's files hold or leave out, on the import page
    )
    import_template_name = "admin/core/import.html"
    import_job_template_name = "admin/core/import_job.html"

    def has_import_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The upload: refuse an unreadable file or wrong columns at once (they need only the
        first row), else store the file, queue its check and show the job page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_form = self.create_import_form(request)
        if request.method != "POST" or not import_form.is_valid():
            return self._import_page(request, import_form)
        input_format = self.get_import_formats()[int(import_form.cleaned_data["format"])]()
        resource_class = self.choose_import_resource_class(import_form, request)
        upload = import_form.cleaned_data["import_file"]
        content = b"".join(upload.chunks())
        try:
            problems = resource_class().column_problems(read_headers(input_format, content))
        except UnreadableFile as error:
            problems = [str(error)]
        if problems:
            for problem in problems:
                import_form.add_error("import_file", problem)
            return self._import_page(request, import_form)
        job = import_job_create(
            model_label=self.opts.label_lower,
            resource_class=resource_class,
            input_format=input_format,
            file_name=upload.name,
            content=content,
            user_id=request.user.pk,
        )
        return HttpResponseRedirect(self._job_url(job))

    def _import_page(self, request: HttpRequest, import_form: Any) -> HttpResponse:
        resources = [cls() for cls in self.get_import_resource_classes(request)]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("インポート"),
            "form": import_form,
            "opts": self.opts,
            "media": self.media + import_form.media,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r.get_user_visible_fields()])
                for r in resources
            ],
            "import_error_display": self.import_error_display,
            "import_help_text": self.import_help_text,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The confirm button: queue the import of a checked file, back to its job page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._get_job(request, request.POST.get("job"))
        if not import_job_confirm(job=job):
            messages.warning(request, _("この取り込みは、確認が済んだ状態ではありません。"))
        return HttpResponseRedirect(self._job_url(job))

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._get_job(request, job_id)
        done = job.processed_rows if job.total_rows else 0
        context = {
            **self.admin_site.each_context(request),
            "title": _("取り込み：%(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "refresh": job.is_running,
            "percent": int(done * 100 / job.total_rows) if job.total_rows else 0,
            "problems": job.problems,
            "more_problems": max(0, job.totals.get("problem_rows", 0) - len(job.problems)),
            "problem_rows": "、".join(
                str(problem["row"]) for problem in job.problems[:10] if problem["row"]
            ),
            "confirm_form": (
                forms.Form(initial={"job": job.pk})
                if job.status == ImportJob.Status.CHECKED
                else None
            ),
            "import_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"),
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template_name], context)

    def _get_job(self, request: HttpRequest, job_id: Any) -> ImportJob:
        """A job of this model that the person started (a superuser sees every one)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        jobs = ImportJob.objects.filter(model=self.opts.label_lower)
        if not request.user.is_superuser:
            jobs = jobs.filter(created_by_id=request.user.pk)
        try:
            return jobs.get(pk=int(job_id))
        except (TypeError, ValueError, ImportJob.DoesNotExist):
            raise Http404 from None

    def _job_url(self, job: ImportJob) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import_job".format(*info), kwargs={"job_id": job.pk})
