"""Run the deadlines sweep now (or hand it to the background worker with --enqueue)."""

from django.core.management.base import BaseCommand

from mediation.tasks import deadlines_sweep, run_sweep


class Command(BaseCommand):
    help = "Mark deadline clocks met, due soon or overdue, notify the people responsible, warn about the calendar."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for manage.py db_worker instead")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = deadlines_sweep.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        totals = run_sweep()
        self.stdout.write(" ".join(f"{name}={count}" for name, count in totals.items()))
