from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lobby.demo import load_demo_lobby


class Command(BaseCommand):
    help = "Set up the demo hall: windows and today's clerks, this week's duty roster, a notice and a display."

    def handle(self, *args, **options):

        if getattr(settings, "PRODUCTION", False):
            raise CommandError("The demo hall is not for the production profile.")
        result = load_demo_lobby()
        self.stdout.write(f"windows: {result['windows']}, roster days: {result['roster']}")
        if result["display_url"]:
            self.stdout.write(f"lobby display: {result['display_url']}")
