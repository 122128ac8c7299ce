"""Writes of the lobby: one function per business action, keyword-only, atomic, broadcast on commit."""

from lobby.services.alerts import alert_acknowledge, joint_reception_alert_raise
from lobby.services.displays import display_create, display_save, display_seen, lobby_refresh
from lobby.services.escalation import case_escalation_record
from lobby.services.tickets import (
    ticket_call_next,
    ticket_finish,
    ticket_recall,
    ticket_skip,
    ticket_transfer,
    tickets_changed,
)

__all__ = [
    "alert_acknowledge",
    "case_escalation_record",
    "display_create",
    "display_save",
    "display_seen",
    "joint_reception_alert_raise",
    "lobby_refresh",
    "ticket_call_next",
    "ticket_finish",
    "ticket_recall",
    "ticket_skip",
    "ticket_transfer",
    "tickets_changed",
]
