"""Data for tests that start real server processes: ``python -m tests.lobby.live_setup <command>``.

* ``org``: the organisation, a window with its clerk, tickets, a lobby display, cases in the
  agriculture office's queue, and signed-in sessions; prints them as JSON;
* ``alert <case id>``: raise the case's joint-reception alert (from a process of its own).
"""

import json
import sys


def _org() -> dict:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from departments import permissions as perms
    from intake.services import ticket_issue
    from lobby import services
    from tests.lobby.factories import build_org, routed_case, session_key_for, window_new

    org = build_org()
    clerk = org.people[("petition", perms.CLERK)]
    window_new("1", ["petition"], clerk=clerk, name="1号窗口")
    tickets = [ticket_issue(service="petition").label for _ in range(3)]
    _display, token = services.display_create(name="大厅电视")
    agri = org.units["agri"]
    cases = [routed_case(lead=agri, request=f"测试诉求{i}") for i in range(3)]
    collective = routed_case(lead=agri, group_size=7, village=org.village)
    people = {
        "clerk": clerk,
        "handler": org.people[("agri", perms.HANDLER)],
        "agri_head": org.people[("agri", perms.HEAD)],
        "petition_head": org.people[("petition", perms.HEAD)],
    }
    return {
        "sessions": {name: session_key_for(user) for name, user in people.items()},
        "display_token": token,
        "tickets": tickets,
        "cases": [{"id": c.pk, "code": c.tracking_code} for c in cases],
        "collective": collective.pk,
    }


def _alert(case_id: int) -> dict:
    from cases.models import Case
    from lobby import services

    alert = services.joint_reception_alert_raise(case=Case.objects.get(pk=case_id))
    return {"alert": alert.pk}


def main(argv: list[str]) -> int:
    import django

    django.setup()
    if argv[:1] == ["org"]:
        result = _org()
    elif argv[:1] == ["alert"] and len(argv) == 2:
        result = _alert(int(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
