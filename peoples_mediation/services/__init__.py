"""People's mediation services: one function per step, each atomic, permission-checked and recorded."""

from peoples_mediation.services.outcome import (
    ObligationInput,
    mediation_agreement_record,
    mediation_confirmation_record,
    mediation_failure_record,
    mediation_performance_record,
)
from peoples_mediation.services.parties import (
    mediation_consent_record,
    mediation_mediator_choose,
    mediation_party_add,
)
from peoples_mediation.services.sessions import mediation_session_record, mediation_session_schedule

__all__ = [
    "ObligationInput",
    "mediation_agreement_record",
    "mediation_confirmation_record",
    "mediation_consent_record",
    "mediation_failure_record",
    "mediation_mediator_choose",
    "mediation_party_add",
    "mediation_performance_record",
    "mediation_session_record",
    "mediation_session_schedule",
]
