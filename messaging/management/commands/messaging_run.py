from django.core.management.base import BaseCommand

from messaging.tasks import messages_run, run_once


class Command(BaseCommand):
    help = "Store the messages new case events, notifications and alerts call for, and send what is due."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker (manage.py db_worker)")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = messages_run.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        counts = run_once()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
