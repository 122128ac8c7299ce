"""A report's own clock on the case page (issue 16): a named conduct report is told of its acceptance
within 15 working days (the discipline organs' rules), shown with its basis like the other clocks,
and met by the handler's first call; other reports run the petition's clocks."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from departments.models import Unit, Village
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import services
from mediation.models import CaseClock

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", "--quiet-logins")


def _report(*, conduct: bool, anonymous: bool = False):
    person = PetitionerInput(name="钱秘书", phone="13700002222", village=Village.objects.get(code="tangjiao"))
    return case_file(
        data=CaseInput(
            channel="letter",
            service="complaint",
            request="举报城建办干部吃拿卡要。" if conduct else "举报村里垃圾清运费被挪用。",
            petitioners=[] if anonymous else [person],
            consent=True,
            is_conduct_complaint=conduct,
            accused_description="城建办某干部" if conduct else "",
            report_category="" if conduct else "village_affairs",
            anonymous=anonymous,
            passphrase="river-bank-2026" if anonymous else "",
        ),
        actor=get_user_model().objects.get(username="discipline.handler" if conduct else "petition.clerk"),
    ).case


def test_named_conduct_report_shows_its_notice_clock_with_its_basis_and_the_first_call_meets_it(client, demo):
    case = _report(conduct=True)
    clock = CaseClock.objects.get(case=case, clock="report_notice")
    assert clock.met_at is None
    director = get_user_model().objects.get(username="director")
    client.force_login(director)
    page = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    assert "告知举报人受理情况" in page
    assert "纪检监察机关处理检举控告工作规则" in page
    assert "15个工作日内告知实名检举控告人受理情况" in page
    head = get_user_model().objects.get(username="discipline.head")
    discipline = case.routing.proposal["lead_unit"]
    assert discipline == "discipline-office"
    if case.accused_pending:
        urban = Unit.objects.get(code="urban-construction")
        services.case_accused_confirm(case=case, actor=head, units=[urban], persons=[])
    services.case_routing_confirm(
        case=case, actor=head, lead_unit=Unit.objects.get(code="discipline-office"), reason="纪工委承办"
    )
    services.case_sign_assignment(case=case, actor=director)
    handler = get_user_model().objects.get(username="discipline.handler")
    services.case_pick(case=case, actor=handler)
    services.case_first_contact_record(case=case, actor=handler, at=timezone.now(), learned="已告知举报已受理")
    clock.refresh_from_db()
    assert clock.met_at is not None


@pytest.mark.parametrize(("conduct", "anonymous"), [(True, True), (False, False), (False, True)])
def test_other_reports_have_no_notice_clock_and_run_the_petition_clocks(demo, conduct, anonymous):
    case = _report(conduct=conduct, anonymous=anonymous)
    clocks = set(CaseClock.objects.filter(case=case).values_list("clock", flat=True))
    assert "report_notice" not in clocks
    assert {"reply", "accept"} <= clocks
