"""Count and keep the statistics pages every reader is offered at a click (or hand it to the worker)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stats.kept import figures_prepare
from stats.tasks import figures_prepare_task


class Command(BaseCommand):
    help = "Count and keep this month, last month, this quarter and this year for every reader of statistics."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for manage.py db_worker instead")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = figures_prepare_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(f"counted={figures_prepare(today=timezone.localdate())}")
