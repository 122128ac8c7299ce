"""Case handling data, one module per topic; every model is imported here (Django's models package).

- ``calendar``: the working-day calendar (seeded from chinesecalendar, extended by admins);
- ``routing``: the routing table, objections to an assignment, assisting units' findings;
- ``tokens``: personal API tokens;
- ``notifications``: the staff inbox;
- ``handling``: contacts with the petitioner, notes, the written reply, the follow-up visit;
- ``escalation``: warning slips, re-investigation reports, ownership duties, case conferences;
- ``clocks``: deadline clocks and extensions;
- ``legal``: the legal consultation recorded at the window, the legal-aid documents (issue 16);
- ``workbench``: a person's saved filters on the all-cases list.
"""

from mediation.models.calendar import CalendarDay, CalendarYear, WorkingDayNumber
from mediation.models.clocks import CaseClock, Extension
from mediation.models.consultation import ConsultationItem, WeeklyConsultation
from mediation.models.escalation import (
    CaseConference,
    OwnershipDuty,
    ProactiveAppointment,
    ReinvestigationReport,
    WarningSlip,
    WarningSlipCounter,
)
from mediation.models.handling import Contact, FollowUp, HandlingNote, Reply
from mediation.models.legal import LegalAidChecklist, LegalConsultation
from mediation.models.notifications import Notification
from mediation.models.proxy import ProxyConsent, ProxyDocument, ProxyHelp, ProxyMatter
from mediation.models.routing import AssistFinding, Objection, RoutingTable, default_routing_rows
from mediation.models.supervision import SupervisionOrder
from mediation.models.tokens import ApiToken
from mediation.models.workbench import SavedCaseFilter

__all__ = [
    "ApiToken",
    "AssistFinding",
    "CalendarDay",
    "CalendarYear",
    "CaseClock",
    "CaseConference",
    "ConsultationItem",
    "Contact",
    "Extension",
    "FollowUp",
    "HandlingNote",
    "LegalAidChecklist",
    "LegalConsultation",
    "Notification",
    "Objection",
    "OwnershipDuty",
    "ProactiveAppointment",
    "ProxyConsent",
    "ProxyDocument",
    "ProxyHelp",
    "ProxyMatter",
    "ReinvestigationReport",
    "Reply",
    "RoutingTable",
    "SavedCaseFilter",
    "SupervisionOrder",
    "WarningSlip",
    "WarningSlipCounter",
    "WeeklyConsultation",
    "WorkingDayNumber",
    "default_routing_rows",  # named by migration 0003 as the default of RoutingTable.rows
]
