"""The re-investigation report of a warning slip: filed by the lead unit, signed or returned.

Rulebook 沥工委〔2020〕38号 二（二）: "原因分析、化解、稳控措施落实材料经分管领导（或片长）审阅签字后报街道
信访办". Each action loads the case through the visibility rule (a hidden case is missing), checks
with ``mediation.rules.oversight``, writes, appends the case event and notifies after commit.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from mediation.models import ReinvestigationReport
from mediation.rules import oversight as ov
from mediation.services.common import event, load, now_or, person, reason_clean
from mediation.services.oversight import Note, checked, heads_of, notify_all, required_text, supervisors_of


@transaction.atomic
def reinvestigation_report_file(
    *,
    case: Case,
    actor,
    analysis: str,
    resolution_plan: str,
    stabilisation_plan: str,
    now: datetime | None = None,
) -> ReinvestigationReport:
    """二（二）: the lead unit files its analysis, resolution plan and stabilisation plan."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = checked(ov.FILE_REPORT, loaded)
    slip = oversight.open_slip
    report = ReinvestigationReport.objects.create(
        slip=slip,
        case=loaded.case,
        analysis=required_text(analysis, message=_("Write the analysis of the causes."), code="analysis"),
        resolution_plan=required_text(resolution_plan, message=_("Write the resolution plan."), code="resolution_plan"),
        stabilisation_plan=required_text(
            stabilisation_plan, message=_("Write the stabilisation plan."), code="stabilisation_plan"
        ),
        filed_by=actor,
        filed_at=now,
    )
    late = timezone.localdate(now) > slip.reinvestigation_due_on
    event(loaded.case, actor, "reinvestigation_filed", now, number=slip.number, report=report.pk, late=late)
    lead = loaded.routing.lead_unit_id
    units = supervisors_of([lead])
    notify_all(
        [
            Note(
                case=loaded.case,
                users=frozenset(units.get(lead, [])),
                message=_("Re-investigation report on case %(code)s waits for your signature.")
                % {"code": loaded.case.display_code},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_filed",
        now=now,
    )
    return report


@transaction.atomic
def reinvestigation_report_sign(*, case: Case, actor, now: datetime | None = None) -> ReinvestigationReport:
    """二（二）: the supervising leader (or area chief) signs the report; the slip is closed."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = checked(ov.SIGN_REPORT, loaded)
    report, slip = oversight.pending_report, oversight.open_slip
    report.signed_by, report.signed_at = actor, now
    report.save(update_fields=["signed_by", "signed_at"])
    slip.closed_at = now
    slip.save(update_fields=["closed_at"])
    event(loaded.case, actor, "reinvestigation_signed", now, number=slip.number, report=report.pk, signer=person(actor))
    users = {report.filed_by_id, *([slip.issued_by_id] if slip.issued_by_id else [])}
    lead = loaded.routing.lead_unit_id
    users |= set(heads_of([lead]).get(lead, []))
    notify_all(
        [
            Note(
                case=loaded.case,
                users=frozenset(users),
                message=_("Re-investigation report on case %(code)s signed (warning slip %(number)s).")
                % {"code": loaded.case.display_code, "number": slip.number},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_signed",
        now=now,
    )
    return report


@transaction.atomic
def reinvestigation_report_return(
    *, case: Case, actor, reason: str, now: datetime | None = None
) -> ReinvestigationReport:
    """The supervising leader returns the report with a reason; the unit files a new one."""
    now = now_or(now)
    loaded = load(case, actor)
    oversight = checked(ov.RETURN_REPORT, loaded)
    reason = reason_clean(reason)
    report, slip = oversight.pending_report, oversight.open_slip
    report.returned_by, report.returned_at, report.return_reason = actor, now, reason
    report.save(update_fields=["returned_by", "returned_at", "return_reason"])
    event(loaded.case, actor, "reinvestigation_returned", now, number=slip.number, report=report.pk, reason=reason)
    lead = loaded.routing.lead_unit_id
    users = {report.filed_by_id, *heads_of([lead]).get(lead, [])}
    notify_all(
        [
            Note(
                case=loaded.case,
                users=frozenset(users),
                message=_("Re-investigation report on case %(code)s returned: %(reason)s")
                % {"code": loaded.case.display_code, "reason": reason},
                key=f"report-{report.pk}",
            )
        ],
        kind="reinvestigation_returned",
        now=now,
    )
    return report
