from django.core.management.base import BaseCommand

from messaging.tasks import digests_run


class Command(BaseCommand):
    help = "Build and send each person's daily digest of held work messages."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker (manage.py db_worker)")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            self.stdout.write(f"queued {digests_run.enqueue().id}")
            return
        counts = digests_run.call()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
