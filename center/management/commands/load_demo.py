from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import load_demo_site
from departments.demo import DEMO_PASSWORD, demo_logins, load_demo_organisation
from governance.demo import demo_logins as grid_worker_logins
from governance.demo import load_demo_grid_workers
from mediation.models import ProxyMatter
from mediation.proxy_list import proxy_list_seed
from messaging.demo import load_demo_templates
from peoples_mediation.demo import load_demo_roster


class Command(BaseCommand):
    help = "Load the Lihai center's demo organisation and site (idempotent; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet_logins=False, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo is refused under the production profile: it sets known passwords.")
        counts = load_demo_organisation()
        load_demo_grid_workers()
        load_demo_roster()
        load_demo_templates()
        proxy_list_seed(ProxyMatter)
        load_demo_site()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo organisation loaded: {units} units, {areas} areas, {villages} villages, {users} users.".format(
                    **counts
                )
            )
        )
        if not quiet_logins:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for username, what in demo_logins() + grid_worker_logins():
                self.stdout.write(f"  {username:<20} {what}")
