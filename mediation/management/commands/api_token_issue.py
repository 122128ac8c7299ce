"""Issue a personal API token: ``manage.py api_token_issue <username> [--name NAME]``.

The token is printed once; only its SHA-256 is stored.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mediation.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a personal API token for a user and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for (shown in the admin)")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"no active user {username!r}")
        token, raw = api_token_issue(user=user, name=name)
        self.stdout.write(raw)
        self.stderr.write(f"token {token.prefix}… issued to {username}; it is shown only this once.")
