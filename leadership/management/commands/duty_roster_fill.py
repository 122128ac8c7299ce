from django.core.management.base import BaseCommand, CommandError

from cases.errors import ActionRefused
from leadership.services import duty_roster_fill


class Command(BaseCommand):
    help = "Fill the duty roster of the coming weeks from the week template and its exceptions (run weekly)."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=4, help="how many weeks from today (1 to 12)")

    def handle(self, *args, **options):
        try:
            result = duty_roster_fill(weeks=options["weeks"])
        except ActionRefused as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{result.changed} day(s) changed")
        for day in result.gaps:
            self.stdout.write(f"no duty leader on {day.isoformat()}")
