"""Data the production tier needs beyond the demo organisation: ``python -m tests.production.seed``.

Run against the tier's database with the embedded profile (the production profile refuses demo
data). Prints one JSON line: API tokens, and cases routed to the agriculture office awaiting the
director's assignment signature (the tier signs them over HTTP, then staff race to pick them).
"""

import json

PICKERS = 50
PICK_ROUNDS = 20
OUTAGE_CASES = 2  # signed out while Redis is away (test_faults)


def seed() -> dict:
    from django.contrib.auth import get_user_model

    from departments import permissions as perms
    from departments.models import Unit
    from departments.services import membership_set
    from intake.services import CaseInput, PetitionerInput, case_file
    from mediation.services import api_token_issue
    from mediation.services.routing import case_routing_confirm

    users = get_user_model().objects
    agriculture = Unit.objects.get(code="agriculture")
    pickers = []
    for n in range(PICKERS):
        name = {"last_name": "农", "first_name": f"办{n}"}
        user, _created = users.get_or_create(username=f"agri.picker{n:02d}", defaults=name)
        membership_set(user=user, unit=agriculture, role=perms.HANDLER)
        pickers.append(api_token_issue(user=user, name="production tier")[1])
    clerk = users.get(username="petition.clerk")
    race_cases = []
    for n in range(PICK_ROUNDS + OUTAGE_CASES):
        filed = case_file(
            data=CaseInput(
                channel="phone",
                service="petition",
                request=f"生产环境测试：第{n}号村道路灯损坏，请求维修。",
                petitioners=[PetitionerInput(name=f"测试{n}", phone=f"1390000{n:04d}")],
                consent=True,
            ),
            actor=clerk,
        )
        case_routing_confirm(case=filed.case, actor=clerk, lead_unit=agriculture, reason="生产环境测试：交农业农村办")
        race_cases.append(filed.case.tracking_code)
    tokens = {
        name: api_token_issue(user=users.get(username=name), name="production tier")[1]
        for name in ("director", "petition.clerk", "agri.head", "agri.handler", "discipline.head")
    }
    return {
        "pickers": pickers,
        "race_cases": race_cases[:PICK_ROUNDS],
        "outage_cases": race_cases[PICK_ROUNDS:],
        "tokens": tokens,
    }


def main() -> None:
    import django

    django.setup()
    print(json.dumps(seed()))


if __name__ == "__main__":
    main()
