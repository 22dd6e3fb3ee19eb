"""Background tasks (django-tasks; run by `manage.py db_worker`). Each takes an id, loads the
record and hands it to its service, so the work itself is tested without a queue."""

from django_tasks import task

from networks.imports import import_job_check, import_job_run
from networks.models import ImportJob


@task()
def check_import_job(job_id: int) -> None:
    import_job_check(job=ImportJob.objects.get(pk=job_id))


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job=ImportJob.objects.get(pk=job_id))
