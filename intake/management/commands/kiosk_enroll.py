from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cases.models import Kiosk
from intake.kiosk import kiosk_enrollment_new


class Command(BaseCommand):
    help = "Create a lobby kiosk (or renew its enrollment) and print its one-time enrollment link."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the kiosk's name, e.g. 大厅一号机")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the portal's address")

    def handle(self, *args, name, base_url, **options):
        name = name.strip()
        if not name or len(name) > 60:
            raise CommandError("The kiosk name must have 1 to 60 characters.")
        kiosk, created = Kiosk.objects.get_or_create(name=name)
        if not kiosk.is_active:
            raise CommandError(f"Kiosk {name!r} is deactivated; activate it in the admin first.")
        key = kiosk_enrollment_new(kiosk)
        url = base_url.rstrip("/") + reverse("intake:kiosk-enroll", args=[key])
        self.stdout.write(
            ("Created" if created else "Renewed") + f" kiosk {name!r}. Open this link once on its screen:"
        )
        self.stdout.write(url)
