"""Tencent Cloud SMS (腾讯云短信), API 3.0 ``SendSms`` (version 2021-01-11), signed TC3-HMAC-SHA256.

Signature: the canonical request ``POST\\n/\\n\\ncontent-type:...\\nhost:...\\n\\ncontent-type;host\\n``
+ hex SHA-256 of the JSON body; the string to sign ``TC3-HMAC-SHA256\\n<timestamp>\\n<date>/sms/
tc3_request\\n`` + hex SHA-256 of the canonical request; the key derived as HMAC-SHA256 chained
over ``"TC3" + SecretKey`` → date → ``sms`` → ``tc3_request``; sent in ``Authorization``.
"""

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from messaging.backends import http
from messaging.backends.base import Permanent, Sms, Transient

SERVICE = "sms"
CONTENT_TYPE = "application/json; charset=utf-8"
TRANSIENT_CODES = frozenset(
    {
        "RequestLimitExceeded",
        "LimitExceeded.PhoneNumberDailyLimit",
        "LimitExceeded.PhoneNumberOneHourLimit",
        "LimitExceeded.PhoneNumberThirtySecondLimit",
        "LimitExceeded.PhoneNumberSameContentDailyLimit",
        "InternalError",
        "InternalError.Timeout",
        "InternalError.RequestTimeException",
        "ResourceUnavailable",
        "FailedOperation.ContainSensitiveWord.Busy",
    }
)


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, payload: str, timestamp: int) -> str:
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload.encode()).hexdigest(),
        ]
    )
    scope = f"{date}/{SERVICE}/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={sig}"


class TencentSms:
    name = "tencent"

    def __init__(self, config: dict, timeout: float):
        self.config = config
        self.http = http.client(timeout)

    def send(self, sms: Sms) -> str:
        cfg = self.config
        to = sms.to if sms.to.startswith("+") else f"+86{sms.to}"
        payload = json.dumps(
            {
                "PhoneNumberSet": [to],
                "SmsSdkAppId": cfg["SDK_APP_ID"],
                "SignName": cfg["SIGN_NAME"],
                "TemplateId": sms.template_code,
                "TemplateParamSet": [str(sms.params.get(p, "")) for p in sms.order],
                "SessionContext": sms.key[:512],
            },
            ensure_ascii=False,
        )
        host = urlsplit(cfg["ENDPOINT"]).netloc
        timestamp = int(time.time())
        headers = {
            "Authorization": authorization(cfg["SECRET_ID"], cfg["SECRET_KEY"], host, payload, timestamp),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": cfg["REGION"],
        }
        body = http.json_body(http.post(self.http, cfg["ENDPOINT"], content=payload.encode(), headers=headers))
        response = body.get("Response") or {}
        error = response.get("Error")
        if error:
            code = str(error.get("Code", "unknown"))
            raise (Transient if code in TRANSIENT_CODES else Permanent)(code, str(error.get("Message", ""))[:200])
        statuses = response.get("SendStatusSet") or []
        if not statuses:
            raise Transient("empty", "no SendStatusSet in the answer")
        status = statuses[0]
        code = str(status.get("Code", ""))
        if code == "Ok":
            return str(status.get("SerialNo", ""))
        raise (Transient if code in TRANSIENT_CODES else Permanent)(code, str(status.get("Message", ""))[:200])
