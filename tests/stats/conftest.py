import pytest
from django.utils import translation

from tests.mediation.factories import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield
