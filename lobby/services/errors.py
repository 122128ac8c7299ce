"""What the lobby's services refuse, with a message for people and a code for programs."""


class ServiceError(Exception):
    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotAllowed(ServiceError):
    """The actor may not do this (or the thing is not theirs to see: answered alike)."""
