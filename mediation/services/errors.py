"""What a service refuses, with a message for people (translated) and a status for adapters."""

from django.utils.translation import gettext as _

from cases.rules.status import TransitionRefused


class ServiceError(Exception):
    """A refused action; ``message`` is for people, ``status`` for HTTP adapters."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code


class CaseNotFound(ServiceError):
    """Missing, or not visible to the actor: the same answer for both."""

    status = 404

    def __init__(self) -> None:
        super().__init__(_("No such case."), code="not_found")


class NotAllowed(ServiceError):
    status = 403


class Conflict(ServiceError):
    status = 409


class AlreadyPicked(Conflict):
    def __init__(self) -> None:
        super().__init__(_("Already picked by someone else."), code="already_picked")


def from_refusal(refusal: TransitionRefused) -> ServiceError:
    """The rules' refusal (Chinese message) as a service error."""
    if refusal.code == TransitionRefused.ROLE_NOT_ALLOWED:
        return NotAllowed(refusal.message, code=refusal.code)
    if refusal.code == TransitionRefused.WRONG_STATUS:
        return Conflict(refusal.message, code=refusal.code)
    return ServiceError(refusal.message, code=refusal.code)
