"""factory_boy factories for the organisation."""

import factory
from django.contrib.auth import get_user_model

from departments import services
from departments.models import Area, Leader, Unit, Village

PASSWORD = "Test-password-2026"

# The worker's tasks run at once, in the test: Django's own immediate backend, whose task class the
# worker's database backend accepts (see tests/center/test_task_modules.py).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "明"
    last_name = factory.Iterator(["王", "李", "张", "刘"])
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"片区{n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    code = factory.Sequence(lambda n: f"village-{n}")
    name = factory.Sequence(lambda n: f"村{n}")
    area = factory.SubFactory(AreaFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"线办{n}")
    kind = Unit.Kind.LINE_OFFICE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_save(unit=model_class(*args, **kwargs))


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    user = factory.SubFactory(UserFactory)
    title = "副主任"
    is_director = False


def member(unit: Unit, role: str, username: str | None = None):
    """A user who belongs to ``unit`` with ``role`` (granted through the service)."""
    user = UserFactory(username=username) if username else UserFactory()
    services.membership_set(user=user, unit=unit, role=role)
    return user
