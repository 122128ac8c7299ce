"""Local fakes of the providers' HTTP APIs, served on 127.0.0.1 by a thread for the test's duration.

Each fake checks what the real API checks (the request signature, the access token), records
every message it accepted under our idempotency key, and answers as the script says: ``ok``,
``throttle``, ``invalid_template``, ``timeout`` (the message is accepted, the answer comes too
late), ``outage`` (HTTP 503), ``token_expired`` (messengers).
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

ALIYUN = {
    "ACCESS_KEY_ID": "test-id",
    "ACCESS_KEY_SECRET": "test-secret",
    "SIGN_NAME": "沥海街道",
    "REGION": "cn-hangzhou",
}
TENCENT = {
    "SECRET_ID": "AKIDtest",
    "SECRET_KEY": "tencent-secret",
    "SDK_APP_ID": "1400000000",
    "SIGN_NAME": "沥海街道",
    "REGION": "ap-guangzhou",
}
DINGTALK = {"APP_KEY": "ding-key", "APP_SECRET": "ding-secret", "AGENT_ID": "123"}
WECOM = {"CORP_ID": "corp", "CORP_SECRET": "corp-secret", "AGENT_ID": "1000002"}


def _pe(value: str) -> str:
    return quote(value, safe="~")


def _tc3(host: str, content_type: str, body: bytes, stamp: int) -> str:
    """TC3-HMAC-SHA256 as Tencent Cloud's API 3.0 documents it, written here apart from the client's."""
    day = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    request = (
        f"POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n" + hashlib.sha256(body).hexdigest()
    )
    scope = f"{day}/sms/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{stamp}\n{scope}\n" + hashlib.sha256(request.encode()).hexdigest()
    key = ("TC3" + TENCENT["SECRET_KEY"]).encode()
    for part in (day, "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    credential = f"{TENCENT['SECRET_ID']}/{scope}"
    return f"TC3-HMAC-SHA256 Credential={credential}, SignedHeaders=content-type;host, Signature={signature}"


class FakeGateway:
    """One fake provider (``kind`` in aliyun, tencent, dingtalk, wecom) with a script of answers."""

    def __init__(self, kind: str, delay: float = 2.0):
        self.kind = kind
        self.delay = delay
        self.script: list[str] = []
        self.accepted: Counter = Counter()  # our key → times the provider took the message
        self.requests = 0
        self.bad_signatures = 0
        self.token_fetches = 0
        self.tokens = {"t-1"}
        self.bodies: list = []
        self._lock = threading.Lock()
        self._serial = 0
        handler = type("Handler", (_Handler,), {"gateway": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def config(self) -> dict:
        base = {"aliyun": ALIYUN, "tencent": TENCENT, "dingtalk": DINGTALK, "wecom": WECOM}[self.kind]
        return {**base, "ENDPOINT": self.url}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def next_mode(self) -> str:
        with self._lock:
            self.requests += 1
            return self.script.pop(0) if self.script else "ok"

    def accept(self, key: str) -> str:
        with self._lock:
            self.accepted[key] += 1
            self._serial += 1
            return f"{self.kind}-{self._serial}"


class _Handler(BaseHTTPRequestHandler):
    gateway: FakeGateway

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        gw = self.gateway
        if gw.kind in ("dingtalk", "wecom") and "gettoken" in self.path:
            query = parse_qs(urlsplit(self.path).query)
            secret = (query.get("appsecret") or query.get("corpsecret") or [""])[0]
            if secret != gw.config()["APP_SECRET" if gw.kind == "dingtalk" else "CORP_SECRET"]:
                return self._answer(200, {"errcode": 40001, "errmsg": "invalid credential"})
            gw.token_fetches += 1
            token = f"t-{gw.token_fetches}"
            gw.tokens = {token}
            return self._answer(200, {"errcode": 0, "access_token": token, "expires_in": 7200})
        return self._answer(404, {})

    def do_POST(self):
        gw = self.gateway
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        mode = gw.next_mode()
        handler = {"aliyun": self._aliyun, "tencent": self._tencent}.get(gw.kind, self._messenger)
        handler(body, mode)

    # Alibaba Cloud SMS ------------------------------------------------------
    def _aliyun(self, body: bytes, mode: str) -> None:
        gw = self.gateway
        params = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        sent = params.pop("Signature", "")
        canonical = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
        to_sign = f"POST&{_pe('/')}&{_pe(canonical)}"
        secret = gw.config()["ACCESS_KEY_SECRET"] + "&"
        good = base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
        if sent != good or params.get("AccessKeyId") != ALIYUN["ACCESS_KEY_ID"]:
            gw.bad_signatures += 1
            return self._answer(400, {"Code": "SignatureDoesNotMatch", "Message": "signature"})
        gw.bodies.append(params)
        if mode == "outage":
            return self._answer(503, {"Code": "ServiceUnavailable"})
        if mode == "throttle":
            return self._answer(200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控"})
        if mode == "invalid_template":
            return self._answer(200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "模板不合法"})
        biz = gw.accept(params["OutId"])
        if mode == "timeout":
            time.sleep(gw.delay)
        self._answer(200, {"Code": "OK", "Message": "OK", "BizId": biz, "RequestId": "r"})

    # Tencent Cloud SMS ------------------------------------------------------
    def _tencent(self, body: bytes, mode: str) -> None:
        gw = self.gateway
        host = self.headers.get("Host", "")
        stamp = int(self.headers.get("X-TC-Timestamp", "0"))
        good = _tc3(host, self.headers.get("Content-Type", ""), body, stamp)
        if self.headers.get("Authorization") != good or self.headers.get("X-TC-Action") != "SendSms":
            gw.bad_signatures += 1
            return self._answer(200, {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure"}}})
        payload = json.loads(body)
        gw.bodies.append(payload)
        if mode == "outage":
            return self._answer(503, {})
        if mode == "throttle":
            return self._answer(200, {"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "limit"}}})
        if mode == "invalid_template":
            status = {"Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": "template"}
            return self._answer(200, {"Response": {"SendStatusSet": [status]}})
        serial = gw.accept(payload["SessionContext"])
        if mode == "timeout":
            time.sleep(gw.delay)
        status = {"Code": "Ok", "SerialNo": serial, "PhoneNumber": payload["PhoneNumberSet"][0]}
        self._answer(200, {"Response": {"SendStatusSet": [status], "RequestId": "r"}})

    # DingTalk and WeCom -------------------------------------------------------
    def _messenger(self, body: bytes, mode: str) -> None:
        gw = self.gateway
        token = (parse_qs(urlsplit(self.path).query).get("access_token") or [""])[0]
        if mode == "token_expired" or token not in gw.tokens:
            return self._answer(200, {"errcode": 42001, "errmsg": "access_token expired"})
        payload = json.loads(body)
        gw.bodies.append(payload)
        if mode == "outage":
            return self._answer(503, {})
        if mode == "throttle":
            return self._answer(200, {"errcode": 45009 if gw.kind == "wecom" else 90018, "errmsg": "too fast"})
        if mode == "invalid_template":
            return self._answer(200, {"errcode": 40003, "errmsg": "invalid userid"})
        key = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        serial = gw.accept(key)
        if mode == "timeout":
            time.sleep(gw.delay)
        if gw.kind == "wecom":
            return self._answer(200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": serial})
        self._answer(200, {"errcode": 0, "task_id": serial, "request_id": "r"})
