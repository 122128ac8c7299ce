"""Work messages to one person: DingTalk's work notification and WeCom's application message.

Both APIs take an access token fetched with the application's key and secret (kept for its
lifetime, fetched again when the provider says it expired) and address one user by their id in
the messenger, so that only the person the visibility rule allows is told. (A group robot
webhook would tell everyone in the group, so it is not offered.)
"""

import threading
import time

import httpx

from messaging.backends import http
from messaging.backends.base import Permanent, Transient, Work

TOKEN_EXPIRED = frozenset({40014, 42001, 40001, 88})
THROTTLED = frozenset({-1, 45009, 45033, 90018, 90006, 90002, 43004, 130101})


class TokenMessenger:
    name = ""
    token_path = ""
    send_path = ""

    def __init__(self, config: dict, timeout: float):
        self.config = config
        self.http = http.client(timeout)
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def token_params(self) -> dict[str, str]:
        raise NotImplementedError

    def payload(self, work: Work) -> dict:
        raise NotImplementedError

    def provider_id(self, body: dict) -> str:
        raise NotImplementedError

    def token(self, fresh: bool = False) -> str:
        with self._lock:
            if fresh or self._token is None or self._token[1] < time.monotonic():
                url = self.config["ENDPOINT"] + self.token_path
                try:
                    body = http.json_body(self.http.get(url, params=self.token_params()))
                except httpx.HTTPError as exc:
                    raise Transient("network", type(exc).__name__) from None
                if body.get("errcode", 0) != 0 or not body.get("access_token"):
                    code = int(body.get("errcode", -1))
                    raise (Transient if code in THROTTLED else Permanent)(f"token_{code}", str(body.get("errmsg")))
                self._token = (body["access_token"], time.monotonic() + int(body.get("expires_in", 7200)) - 300)
            return self._token[0]

    def send(self, work: Work) -> str:
        if not work.messenger_id:
            raise Permanent("no_account", "no messenger account for this person")
        for fresh in (False, True):
            url = self.config["ENDPOINT"] + self.send_path
            response = http.post(self.http, url, params={"access_token": self.token(fresh)}, json=self.payload(work))
            body = http.json_body(response)
            code = int(body.get("errcode", -1))
            if code == 0:
                return self.provider_id(body)
            if code in TOKEN_EXPIRED and not fresh:
                continue
            raise (Transient if code in THROTTLED else Permanent)(str(code), str(body.get("errmsg", ""))[:200])
        raise Transient("token", "token refused twice")


class DingTalkWork(TokenMessenger):
    name = "dingtalk"
    token_path = "gettoken"  # noqa: S105 -- a URL path, not a secret
    send_path = "topapi/message/corpconversation/asyncsend_v2"

    def token_params(self) -> dict[str, str]:
        return {"appkey": self.config["APP_KEY"], "appsecret": self.config["APP_SECRET"]}

    def payload(self, work: Work) -> dict:
        text = f"### {work.title}\n\n{work.text}\n\n[{work.extra.get('open', 'Open')}]({work.link})"
        return {
            "agent_id": int(self.config["AGENT_ID"] or 0),
            "userid_list": work.messenger_id,
            "msg": {"msgtype": "markdown", "markdown": {"title": work.title, "text": text}},
        }

    def provider_id(self, body: dict) -> str:
        return str(body.get("task_id", ""))


class WeComWork(TokenMessenger):
    name = "wecom"
    token_path = "cgi-bin/gettoken"  # noqa: S105 -- a URL path, not a secret
    send_path = "cgi-bin/message/send"

    def token_params(self) -> dict[str, str]:
        return {"corpid": self.config["CORP_ID"], "corpsecret": self.config["CORP_SECRET"]}

    def payload(self, work: Work) -> dict:
        return {
            "touser": work.messenger_id,
            "msgtype": "textcard",
            "agentid": int(self.config["AGENT_ID"] or 0),
            "textcard": {
                "title": work.title,
                "description": work.text,
                "url": work.link,
                "btntxt": work.extra.get("open", "Open"),
            },
        }

    def provider_id(self, body: dict) -> str:
        if body.get("invaliduser"):
            raise Permanent("invaliduser", "the messenger account is not known to WeCom")
        return str(body.get("msgid", ""))
