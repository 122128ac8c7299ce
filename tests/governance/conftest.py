import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from departments import permissions as perms
from departments.models import Unit
from governance.models import GridWorker, IncidentCategory
from tests.factories import UnitFactory, UserFactory, VillageFactory, member
from tests.mediation.factories import build_org


def governance_org():
    """The mediation tests' organisation, with a governance office and two grid workers."""
    org = build_org()
    office = UnitFactory(code="governance-office", name="综治办", kind=Unit.Kind.GOVERNANCE_OFFICE)
    org.units["gov"] = office
    for role in (perms.CLERK, perms.HANDLER, perms.HEAD):
        org.people["gov", role] = member(office, role, username=f"gov.{role}")
    other_village = VillageFactory(code="xinhai", name="新海村", area=org.area)
    org.other_village = other_village
    org.grid = GridWorker.objects.create(
        user=UserFactory(username="grid.tangjiao", first_name="网", last_name="邵"),
        village=org.village,
        grid="塘角村第1网格",
        phone="13900000001",
    )
    org.grid2 = GridWorker.objects.create(
        user=UserFactory(username="grid.xinhai"), village=other_village, phone="13900000002"
    )
    org.category = IncidentCategory.objects.get(code="public-order")
    return org


@pytest.fixture
def gov(db) -> SimpleNamespace:
    return governance_org()


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


def photo(name: str = "scene.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Photos go to a temporary folder (the lazy storage is rebuilt around the test)."""
    from django.utils.functional import empty

    from cases.models import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty
