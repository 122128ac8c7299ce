"""Governance writes: incidents reported, dispatched and closed; the monthly dispute screening."""

from governance.services.incidents import IncidentInput, incident_close, incident_dispatch, incident_report
from governance.services.screening import ScreeningItemInput, screening_escalate, screening_file

__all__ = [
    "IncidentInput",
    "ScreeningItemInput",
    "incident_close",
    "incident_dispatch",
    "incident_report",
    "screening_escalate",
    "screening_file",
]
