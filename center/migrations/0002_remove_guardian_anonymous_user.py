"""django-guardian made an "AnonymousUser" account for grants to visitors; the center makes none
(``ANONYMOUS_USER_NAME = None``), so the account only showed in the admin's user lists."""

from django.db import migrations


def remove_anonymous_user(apps, schema_editor):
    User = apps.get_model("center", "User")
    User.objects.filter(username="AnonymousUser", last_login__isnull=True, is_staff=False, is_superuser=False).delete()


class Migration(migrations.Migration):
    dependencies = [("center", "0001_initial")]

    operations = [migrations.RunPython(remove_anonymous_user, migrations.RunPython.noop)]
