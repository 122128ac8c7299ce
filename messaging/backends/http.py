"""What the provider backends share: one pooled httpx client, and httpx's failures sorted into ours."""

import httpx

from messaging.backends.base import Transient, Unknown


def client(timeout: float) -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(timeout), trust_env=False)


def post(http: httpx.Client, url: str, **kwargs) -> httpx.Response:
    """POST, with httpx's failures as ``Transient`` (nothing sent) or ``Unknown`` (perhaps sent).

    The error text never carries the request (its URL or body may hold a phone number)."""
    try:
        return http.post(url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout) as exc:
        raise Transient("network", type(exc).__name__) from None
    except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError) as exc:
        raise Unknown("no_answer", type(exc).__name__) from None


def json_body(response: httpx.Response) -> dict:
    """The provider's JSON answer; a 5xx or a body that is not JSON is an outage (try again)."""
    if response.status_code >= 500:
        raise Transient(f"http_{response.status_code}", "provider unavailable")
    try:
        body = response.json()
    except ValueError:
        raise Transient(f"http_{response.status_code}", "answer is not JSON") from None
    if not isinstance(body, dict):
        raise Transient(f"http_{response.status_code}", "answer is not an object")
    return body
