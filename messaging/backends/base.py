"""What every gateway answers: a provider id, or one of three failures that decide what happens next."""

from dataclasses import dataclass, field


class SendError(Exception):
    """A failed send. ``code`` is the provider's code (or ours), ``detail`` never holds a phone number."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class Transient(SendError):
    """Throttled, provider outage, connection refused: nothing was sent; try again later."""


class Permanent(SendError):
    """Invalid template, invalid number, bad credentials: trying again will not help."""


class Unknown(SendError):
    """The provider may have sent it (the answer timed out): never retried by itself, a person resends."""


@dataclass(frozen=True)
class Sms:
    to: str
    template_code: str
    params: dict[str, str]
    order: list[str]  # the template's parameters in the provider's order
    text: str  # the rendered text, for the development backends
    key: str  # our idempotency key, passed to the provider where it takes one


@dataclass(frozen=True)
class Work:
    messenger_id: str
    title: str
    text: str
    link: str
    key: str
    extra: dict = field(default_factory=dict)
