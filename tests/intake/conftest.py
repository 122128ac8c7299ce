import io

import pytest
from django.core.management import call_command
from PIL import Image

from intake.forms import PetitionerFields  # noqa: F401  (import check: forms load without a DB)

VALID_ID = "11010519491231002X"  # the textbook example of GB 11643 (check digit X)


@pytest.fixture
def demo(db):
    call_command("load_demo", "--quiet-logins")


@pytest.fixture
def private_media(settings, tmp_path):
    """Attachments go to a temporary folder (the lazy storage is rebuilt around the test)."""
    from django.utils.functional import empty

    from cases.models import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def online_payload(**overrides):
    data = {
        "service": "petition",
        "request": "村口道路损坏多年，雨天积水严重，请求尽快修复。",
        "name": "王小明",
        "phone": "13912345678",
        "id_number": "",
        "village": "",
        "address": "",
        "group_size": "1",
        "accused_description": "",
        "consent": "on",
    }
    data.update(overrides)
    return data
