"""Alibaba Cloud SMS (阿里云短信服务): the documented RPC API, ``SendSms`` signed with HMAC-SHA1.

Signature (RPC style, version 1.0): every parameter but ``Signature``, sorted by name, each name
and value percent-encoded by RFC 3986 (``~`` kept, space as %20), joined ``k=v&...``; the string
to sign is ``POST&%2F&`` + that string percent-encoded again; the signature is base64 of its
HMAC-SHA1 under the AccessKey secret followed by ``&``. The request is a form POST, so the phone
number travels in the body, never in a URL that a proxy or an error message might log.
"""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from messaging.backends import http
from messaging.backends.base import Permanent, Sms, Transient

TRANSIENT_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "isp.SYSTEM_ERROR",
        "ServiceUnavailable",
        "InternalError",
    }
)


def percent(value: str) -> str:
    return quote(value, safe="~")


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    canonical = "&".join(f"{percent(k)}={percent(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{percent('/')}&{percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSms:
    name = "aliyun"

    def __init__(self, config: dict, timeout: float):
        self.config = config
        self.http = http.client(timeout)

    def params(self, sms: Sms, now: datetime | None = None, nonce: str | None = None) -> dict[str, str]:
        now = now or datetime.now(UTC)
        return {
            "AccessKeyId": self.config["ACCESS_KEY_ID"],
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": sms.key[:64],
            "PhoneNumbers": sms.to,
            "RegionId": self.config["REGION"],
            "SignName": self.config["SIGN_NAME"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": sms.template_code,
            "TemplateParam": json.dumps(sms.params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }

    def send(self, sms: Sms) -> str:
        params = self.params(sms)
        params["Signature"] = signature(params, self.config["ACCESS_KEY_SECRET"])
        body = http.json_body(http.post(self.http, self.config["ENDPOINT"], data=params))
        code = str(body.get("Code", ""))
        if code == "OK" and body.get("BizId"):
            return str(body["BizId"])
        detail = str(body.get("Message", ""))[:200]
        if code in TRANSIENT_CODES:
            raise Transient(code, detail)
        raise Permanent(code or "unknown", detail)
