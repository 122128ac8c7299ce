"""Reads of a mediation case: its parties, mediators, sessions and agreement, for pages and documents.

Callers pass a case already fetched through the visibility rule (``case_get_for_user``); nothing here
widens who sees what.
"""

from dataclasses import dataclass, field

from cases.models import Case
from peoples_mediation.models import Agreement, Mediation, MediatorChoice, Obligation, Party, Session
from peoples_mediation.rules import flow


@dataclass
class MediationFile:
    """Everything recorded about one mediation."""

    case: Case
    record: Mediation | None
    parties: list[Party] = field(default_factory=list)
    choices: list[MediatorChoice] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    agreement: Agreement | None = None
    obligations: list[Obligation] = field(default_factory=list)

    @property
    def stage(self) -> str:
        return self.record.stage if self.record is not None else flow.PREPARING

    @property
    def stage_label(self) -> str:
        return flow.STAGE_LABELS[self.stage]

    @property
    def applicants(self) -> list[Party]:
        return [p for p in self.parties if p.side == flow.APPLICANT]

    @property
    def respondents(self) -> list[Party]:
        return [p for p in self.parties if p.side == flow.RESPONDENT]

    @property
    def mediators(self) -> list:
        return [choice.mediator for choice in self.choices]

    @property
    def committee_name(self) -> str:
        """The committee that mediates: the lead unit (the subdistrict committee)."""
        routing = getattr(self.case, "routing", None)
        return routing.lead_unit.name if routing is not None and routing.lead_unit_id else ""


def mediation_file(case: Case) -> MediationFile:
    """The mediation of a (visible) case, in a fixed number of queries."""
    agreement = Agreement.objects.filter(case=case).first()
    return MediationFile(
        case=case,
        record=Mediation.objects.filter(case=case).first(),
        parties=list(Party.objects.filter(case=case).order_by("side", "pk")),
        choices=list(
            MediatorChoice.objects.filter(case=case).select_related("mediator__committee_unit", "mediator__village")
        ),
        sessions=list(Session.objects.filter(case=case).select_related("recorded_by")),
        agreement=agreement,
        obligations=list(Obligation.objects.filter(agreement=agreement).select_related("party")) if agreement else [],
    )
