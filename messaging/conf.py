"""Which gateways send messages, read from the environment once by the settings (no Django here).

Every value has a safe default: with nothing set, ``SMS_BACKEND`` and ``WORK_BACKEND`` are "none"
and nothing is recorded or sent anywhere (the embedded default). README, "Messages to petitioners
and staff", lists the variables.
"""

from collections.abc import Mapping
from pathlib import Path

SMS_BACKENDS = ("none", "console", "file", "aliyun", "tencent")
WORK_BACKENDS = ("none", "console", "file", "dingtalk", "wecom")


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    value = (value or "none").strip().lower()
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; it is {value!r}.")
    return value


def from_environ(env: Mapping[str, str], var_dir: Path, site_url: str) -> dict:
    """The ``MESSAGING`` setting from the environment."""
    get = env.get
    return {
        "SMS_BACKEND": _choice(get("MESSAGING_SMS_BACKEND", "none"), SMS_BACKENDS, "MESSAGING_SMS_BACKEND"),
        "WORK_BACKEND": _choice(get("MESSAGING_WORK_BACKEND", "none"), WORK_BACKENDS, "MESSAGING_WORK_BACKEND"),
        "OUTBOX_DIR": get("MESSAGING_OUTBOX_DIR", str(var_dir / "outbox")),
        "SITE_URL": get("MESSAGING_SITE_URL", site_url).rstrip("/"),
        "TIMEOUT": float(get("MESSAGING_TIMEOUT", "5")),
        "MAX_ATTEMPTS": int(get("MESSAGING_MAX_ATTEMPTS", "6")),
        "RECEIPT_TOKEN": get("MESSAGING_RECEIPT_TOKEN", ""),
        "ALIYUN": {
            "ACCESS_KEY_ID": get("ALIYUN_SMS_ACCESS_KEY_ID", ""),
            "ACCESS_KEY_SECRET": get("ALIYUN_SMS_ACCESS_KEY_SECRET", ""),
            "SIGN_NAME": get("ALIYUN_SMS_SIGN_NAME", ""),
            "REGION": get("ALIYUN_SMS_REGION", "cn-hangzhou"),
            "ENDPOINT": get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
        },
        "TENCENT": {
            "SECRET_ID": get("TENCENT_SMS_SECRET_ID", ""),
            "SECRET_KEY": get("TENCENT_SMS_SECRET_KEY", ""),
            "SDK_APP_ID": get("TENCENT_SMS_SDK_APP_ID", ""),
            "SIGN_NAME": get("TENCENT_SMS_SIGN_NAME", ""),
            "REGION": get("TENCENT_SMS_REGION", "ap-guangzhou"),
            "ENDPOINT": get("TENCENT_SMS_ENDPOINT", "https://sms.tencentcloudapi.com/"),
        },
        "DINGTALK": {
            "APP_KEY": get("DINGTALK_APP_KEY", ""),
            "APP_SECRET": get("DINGTALK_APP_SECRET", ""),
            "AGENT_ID": get("DINGTALK_AGENT_ID", ""),
            "ENDPOINT": get("DINGTALK_ENDPOINT", "https://oapi.dingtalk.com/"),
        },
        "WECOM": {
            "CORP_ID": get("WECOM_CORP_ID", ""),
            "CORP_SECRET": get("WECOM_CORP_SECRET", ""),
            "AGENT_ID": get("WECOM_AGENT_ID", ""),
            "ENDPOINT": get("WECOM_ENDPOINT", "https://qyapi.weixin.qq.com/"),
        },
    }
