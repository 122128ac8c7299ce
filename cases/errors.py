"""THE error type for a refused action, in every app: a stable code for programs, a message for people.

A service raises ``ActionRefused`` (or one of its kinds) when it will not do what was asked; views
show ``message`` (translated when raised), the API answers ``status`` with ``code`` and ``message``.
Each class carries a default code and message (``gettext_lazy``, Chinese in the catalog); a raise
may give a sharper one: ``NotAllowed(_("Only the director can delegate."), code="not_director")``.

Pure rules (``*/rules/*``) import no Django: they keep their own exceptions, which the services
translate into these.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ActionRefused(Exception):
    """A refused action: the input or the moment is wrong (HTTP 400)."""

    status = 400
    code = "invalid"
    message: str | Promise = _("This cannot be done.")

    def __init__(self, message: str | Promise | None = None, *, code: str | None = None) -> None:
        text = str(type(self).message if message is None else message)
        super().__init__(text)
        self.message = text
        self.code = code or type(self).code


class CaseNotFound(ActionRefused):
    """Missing, or not visible to the actor: the same answer for both."""

    status = 404
    code = "not_found"
    message = _("No such case.")


class NotAllowed(ActionRefused):
    """The actor may not do this (or the thing is not theirs to see: answered alike)."""

    status = 403
    code = "not_allowed"
    message = _("You may not do this.")


class Conflict(ActionRefused):
    """The thing is not in a state that allows the action (any more)."""

    status = 409
    code = "conflict"
    message = _("The case changed in the meantime. Reload it and try again.")


class AlreadyPicked(Conflict):
    code = "already_picked"
    message = _("Already picked by someone else.")


class IdempotencyConflict(Conflict):
    """The Idempotency-Key was used before with a different request."""

    code = "idempotency_conflict"
    message = _("This Idempotency-Key was already used for a different request.")


class RateLimited(ActionRefused):
    """Too many new filings from one place: a retry of one already filed is never refused."""

    status = 429
    code = "rate_limited"
    message = _("Too many cases were filed from here. Please try again later.")


class ConsentRequired(ActionRefused):
    """A filing without the accepted personal-data notice."""

    code = "consent_required"
    message = _("The personal-data notice must be accepted.")


class PetitionerRequired(ActionRefused):
    """A filing without anyone who raises it."""

    code = "petitioner_required"
    message = _("A case needs at least one petitioner.")


class AnonymousNotAllowed(ActionRefused):
    """Only a report (service "complaint") may be filed without name and phone."""

    code = "anonymous_not_allowed"
    message = _("Only a report can be filed anonymously.")


class PassphraseInvalid(ActionRefused):
    """An anonymous report's passphrase is missing or too short."""

    code = "passphrase_invalid"
    message = _("An anonymous report needs a passphrase of at least 8 characters.")
