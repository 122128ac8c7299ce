"""The gateways, chosen by the ``MESSAGING`` setting (from the environment; see ``messaging.conf``).

One backend object per process and setting, so that its HTTP connections and access token are
reused from message to message.
"""

from django.conf import settings

from messaging.backends import dev
from messaging.backends.aliyun import AliyunSms
from messaging.backends.messengers import DingTalkWork, WeComWork
from messaging.backends.tencent import TencentSms

_cache: dict[tuple, object] = {}


def _config() -> dict:
    return settings.MESSAGING


def sms_enabled() -> bool:
    return _config()["SMS_BACKEND"] != "none"


def work_enabled() -> bool:
    return _config()["WORK_BACKEND"] != "none"


def work_needs_account() -> bool:
    """Whether work messages go to a messenger that addresses people by their account there."""
    return _config()["WORK_BACKEND"] in ("dingtalk", "wecom")


def _build(kind: str, name: str, cfg: dict):
    timeout = cfg["TIMEOUT"]
    builders = {
        ("sms", "console"): lambda: dev.ConsoleSms(),
        ("sms", "file"): lambda: dev.FileSms(cfg["OUTBOX_DIR"]),
        ("sms", "aliyun"): lambda: AliyunSms(cfg["ALIYUN"], timeout),
        ("sms", "tencent"): lambda: TencentSms(cfg["TENCENT"], timeout),
        ("work", "console"): lambda: dev.ConsoleWork(),
        ("work", "file"): lambda: dev.FileWork(cfg["OUTBOX_DIR"]),
        ("work", "dingtalk"): lambda: DingTalkWork(cfg["DINGTALK"], timeout),
        ("work", "wecom"): lambda: WeComWork(cfg["WECOM"], timeout),
    }
    return builders[(kind, name)]()


def backend(kind: str):
    """The SMS (``kind="sms"``) or work-message backend in force, or None when it is "none"."""
    cfg = _config()
    name = cfg["SMS_BACKEND" if kind == "sms" else "WORK_BACKEND"]
    if name == "none":
        return None
    key = (kind, name, repr(sorted((k, repr(v)) for k, v in cfg.items())))
    if key not in _cache:
        _cache[key] = _build(kind, name, cfg)
    return _cache[key]
