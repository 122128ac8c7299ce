import pytest
from django.core.management import call_command
from django.utils import translation

from messaging.conf import from_environ
from tests.factories import IMMEDIATE_TASKS
from tests.mediation.factories import build_org
from tests.messaging.fakes import FakeGateway


@pytest.fixture
def org(db):
    return build_org()


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


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def configure(settings, tmp_path):
    """``configure(sms="aliyun", work="console", aliyun=gateway)``: the MESSAGING setting for a test."""

    def apply(*, sms: str = "none", work: str = "none", timeout: float = 1.0, **gateways):
        cfg = from_environ({}, tmp_path, "https://mediation.example.cn")
        cfg.update(SMS_BACKEND=sms, WORK_BACKEND=work, TIMEOUT=timeout, OUTBOX_DIR=str(tmp_path / "outbox"))
        cfg["RECEIPT_TOKEN"] = "receipt-token-1234"
        for name, gateway in gateways.items():
            cfg[name.upper()] = gateway.config()
        settings.MESSAGING = cfg
        settings.TASKS = IMMEDIATE_TASKS
        return cfg

    return apply


@pytest.fixture
def gateway():
    """``with gateway("aliyun") as gw``: a fake provider on 127.0.0.1, stopped after the block."""
    started = []

    def start(kind: str, delay: float = 2.0) -> FakeGateway:
        fake = FakeGateway(kind, delay=delay)
        fake.__enter__()
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.__exit__(None, None, None)
