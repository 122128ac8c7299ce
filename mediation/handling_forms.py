"""Moved to ``mediation.forms.handling``; kept only for ``mediation.views.handling``, which is being moved.

Issue 14: once that view imports ``mediation.forms.handling``, delete this module.
"""

from mediation.forms.handling import (
    DeliverForm,
    FirstContactForm,
    FollowUpForm,
    NoteForm,
    PublicReopenForm,
    ReasonForm,
    ReplyForm,
    SiteVisitForm,
)

__all__ = [
    "DeliverForm",
    "FirstContactForm",
    "FollowUpForm",
    "NoteForm",
    "PublicReopenForm",
    "ReasonForm",
    "ReplyForm",
    "SiteVisitForm",
]
