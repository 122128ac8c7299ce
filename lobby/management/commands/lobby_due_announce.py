from django.core.management.base import BaseCommand

from lobby.services.deadlines import due_changes_announce


class Command(BaseCommand):
    help = "Tell the live screens which cases became due soon or overdue today (run daily, e.g. 00:05)."

    def handle(self, *args, **options):
        count = due_changes_announce()
        self.stdout.write(f"{count} case(s) announced")
