"""Background work of the reports (django-tasks): writing a period report (``manage.py db_worker``)."""

from django.tasks import task

from reports.services import report_generate


@task()
def report_generate_task(report_id: str) -> str:
    """Write one ``PeriodReport``; its state at the end."""
    return report_generate(report_id=report_id).state
