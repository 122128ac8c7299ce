import pytest

from tests.peoples_mediation.factories import mediation_case, mediation_org


@pytest.fixture
def org(db):
    return mediation_org()


@pytest.fixture
def case(org):
    return mediation_case(org)


@pytest.fixture
def handler(org):
    return org.people["mediation", "handler"]


@pytest.fixture
def zh():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield
