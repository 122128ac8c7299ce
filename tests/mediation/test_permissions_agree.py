"""The page offers an action exactly when the service accepts it (``mediation.permissions``).

For every person of a small organisation and a case at several steps, the actions that
``case_actions_for`` answers are compared with what the services do when called (each call rolled
back): a button that the service refuses, or an action the service allows without a button, fails.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cases.errors import ActionRefused
from cases.models import Case
from cases.rules import status as st
from departments import permissions as perms
from mediation import permissions, selectors, services
from mediation.models import Extension
from mediation.services.clocks import case_extension_request, extension_decide
from mediation.services.legal_aid import case_legal_aid_decide
from tests.factories import member
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


def _at():
    return timezone.now() - timedelta(hours=1)


CALLS = {
    "pick": lambda case, user: services.case_pick(case=case, actor=user),
    "release": lambda case, user: services.case_release(case=case, actor=user),
    "take_back": lambda case, user: services.case_take_back(case=case, actor=user),
    "object": lambda case, user: services.case_object(case=case, actor=user, reason="不属于本单位职责"),
    "add_finding": lambda case, user: services.assist_finding_add(case=case, actor=user, text="已走访核实。"),
    "record_first_contact": lambda case, user: services.case_first_contact_record(
        case=case, actor=user, at=_at(), learned="王大伯说村道塌陷。", made_by="张三", request_clear=True
    ),
    "record_site_visit": lambda case, user: services.case_site_visit_record(
        case=case, actor=user, at=_at(), place="塘角村", learned="路面破损。", made_by="张三"
    ),
    "add_note": lambda case, user: services.case_note_add(case=case, actor=user, text="已联系村委。"),
    "draft_reply": lambda case, user: services.case_reply_draft(
        case=case, actor=user, sections={"understood_request": "您反映村道破损。", "facts": "经核实属实。"}
    ),
    "request_extension": lambda case, user: case_extension_request(
        case=case, actor=user, days=5, reason="需要现场测量"
    ),
    "decide_extension": lambda case, user: extension_decide(case=case, actor=user, approve=False, note="不同意"),
    "decide_legal_aid": lambda case, user: case_legal_aid_decide(case=case, actor=user, granted=True),
}


class _RollBack(Exception):
    pass


def _accepts(action: str, case: Case, user) -> bool:
    try:
        with transaction.atomic():
            CALLS[action](Case.objects.get(pk=case.pk), user)
            raise _RollBack
    except _RollBack:
        return True
    except ActionRefused:
        return False


def _offered(case: Case, user) -> frozenset[str]:
    if not selectors.case_list_for_user(user).filter(pk=case.pk).exists():
        return frozenset()  # the page is a 404: nothing is offered
    fresh = Case.objects.select_related("routing", "routing__lead_unit").get(pk=case.pk)
    return permissions.case_actions_for(user, fresh) & CALLS.keys()


@pytest.fixture
def people(org):
    agri = org.units["agri"]
    return {
        "agri handler (holder)": org.people["agri", perms.HANDLER],
        "agri handler (other)": member(agri, perms.HANDLER, username="agri.handler2"),
        "agri head": org.people["agri", perms.HEAD],
        "agri clerk": org.people["agri", perms.CLERK],
        "assisting handler": org.people["east", perms.HANDLER],
        "other unit head": org.people["urban", perms.HEAD],
        "petition clerk": org.people["petition", perms.CLERK],
        "legal handler": org.people["legal", perms.HANDLER],
        "supervising leader": org.leaders["li"].user,
        "other leader": org.leaders["zhang"].user,
        "director": org.director.user,
        "outsider": org.outsider,
    }


def _cases(org, holder):
    agri, east = org.units["agri"], org.units["east"]
    received = {"village": org.village, "received_at": timezone.now() - timedelta(days=2)}
    waiting = routed_case(lead=agri, assisting=[east], **received)
    held = routed_case(lead=agri, status=st.IN_PROGRESS, assisting=[east], picked_by=holder, **received)
    asked = routed_case(lead=agri, status=st.IN_PROGRESS, picked_by=holder, **received)
    for case in (held, asked):  # the reply is drafted only after the first phone call (a precondition)
        CALLS["record_first_contact"](case, holder)
    Extension.objects.create(
        case=asked,
        days=5,
        reason="需要现场测量",
        requested_by=holder,
        requested_at=timezone.now(),
        due_before=asked.reply_due_on,
    )
    legal_aid = routed_case(lead=org.units["legal"], service="legal_aid", **received)
    return {"waiting": waiting, "held": held, "extension pending": asked, "legal aid": legal_aid}


def test_actions_offered_are_the_actions_the_services_accept(org, people):
    disagreements = []
    checked = 0
    for step, case in _cases(org, people["agri handler (holder)"]).items():
        for who, user in people.items():
            offered = _offered(case, user)
            accepted = frozenset(action for action in CALLS if _accepts(action, case, user))
            checked += len(offered)
            if offered != accepted:
                disagreements.append(
                    f"{step} / {who}: offered but refused {sorted(offered - accepted)}, "
                    f"accepted but not offered {sorted(accepted - offered)}"
                )
    assert not disagreements, "\n".join(disagreements)
    assert checked > 20, "the matrix should offer a good number of actions"
