"""A mediation committee with its people, a mediation case in a mediator's hands, and the roster."""

from types import SimpleNamespace

from cases.models import CaseKind
from cases.rules import status as st
from departments import permissions as perms
from departments.models import Unit
from mediation.services.clocks import case_clocks_refresh
from peoples_mediation import services
from peoples_mediation.models import Mediator, Party
from tests.factories import UnitFactory, member
from tests.mediation.factories import build_org, routed_case


def mediation_org() -> SimpleNamespace:
    """The demo-like organisation plus the subdistrict mediation committee, its members and its roster."""
    org = build_org()
    committee = UnitFactory(code="mediation-committee", name="街道人民调解委员会", kind=Unit.Kind.MEDIATION_COMMITTEE)
    org.units["mediation"] = committee
    for role in (perms.CLERK, perms.HANDLER, perms.HEAD):
        org.people["mediation", role] = member(committee, role, username=f"mediation.{role}")
    mediator = org.people["mediation", perms.HANDLER]
    org.mediators = {
        "zhao": Mediator.objects.create(user=mediator, name="赵调解", committee_unit=committee),
        "qian": Mediator.objects.create(name="钱老伯", phone="13900000001", village=org.village),
        "retired": Mediator.objects.create(name="孙退休", committee_unit=committee, is_active=False),
    }
    return org


def mediation_case(org, *, picked: bool = True, **fields):
    """A mediation case signed out to the committee and (by default) picked by its mediator."""
    handler = org.people["mediation", perms.HANDLER]
    case = routed_case(
        lead=org.units["mediation"],
        kind=CaseKind.MEDIATION,
        service="mediation",
        status=st.IN_PROGRESS if picked else st.ASSIGNED,
        picked_by=handler if picked else None,
        request=fields.pop("request", "邻居装修导致我家漏水，协商赔偿未果，申请调解。"),
        **fields,
    )
    case_clocks_refresh(case)
    return case


def parties_added(org, case) -> tuple[Party, Party]:
    handler = org.people["mediation", perms.HANDLER]
    applicant = services.mediation_party_add(
        case=case,
        actor=handler,
        kind="person",
        name="王大伯",
        phone="13800138000",
        side="applicant",
        address="塘角村1号",
    )
    respondent = services.mediation_party_add(
        case=case,
        actor=handler,
        kind="person",
        name="李师傅",
        phone="13700137000",
        side="respondent",
        address="塘角村2号",
    )
    return applicant, respondent


def mediating(org, case) -> tuple[Party, Party]:
    """Parties recorded, a mediator chosen, both sides agreed to mediate."""
    handler = org.people["mediation", perms.HANDLER]
    applicant, respondent = parties_added(org, case)
    services.mediation_mediator_choose(case=case, actor=handler, mediator=org.mediators["zhao"])
    services.mediation_consent_record(case=case, actor=handler, party=applicant, consent=True)
    services.mediation_consent_record(case=case, actor=handler, party=respondent, consent=True)
    return applicant, respondent
