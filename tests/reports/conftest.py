import pytest
from django.test import Client

from tests.factories import IMMEDIATE_TASKS
from tests.mediation.factories import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """The worker's task run at once, in the test; the files in a directory of the test's own."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheets_of(content: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook, as openpyxl (Excel's reader here) reads it."""
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def pdf_text(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext lays it out (one line per table row)."""
    import subprocess

    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def ask(immediate_tasks, django_capture_on_commit_callbacks):
    """POST the request form as ``user`` and let the worker write the report; the response."""

    def ask(user, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(user).post("/staff/reports/", data)

    return ask
