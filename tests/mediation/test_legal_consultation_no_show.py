"""A booked legal consultation whose resident does not come (预约未到): recorded on the case history,
booked again or closed unattended, with the clocks handled: the no-show meets nothing, closing meets
the reply and finish clocks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused
from cases.models import CaseEvent
from cases.rules import status as st
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import permissions
from mediation.history import history_entries
from mediation.models import CaseClock, LegalConsultation
from mediation.services.legal_consultation import (
    case_legal_consultation_close_missed,
    case_legal_consultation_hold,
    case_legal_consultation_no_show,
    case_legal_consultation_rebook,
    case_legal_consultation_record,
)

pytestmark = pytest.mark.django_db

QUESTION = "房东不退押金，我该怎么办？"


@pytest.fixture
def booked(org):
    """A consultation booked with the duty lawyer two days ago, for yesterday."""
    now = timezone.now()
    case = case_file(
        data=CaseInput(
            channel="visit",
            service="legal_consultation",
            request=QUESTION,
            petitioners=[PetitionerInput(name="周先生", phone="13912345670")],
            consent=True,
        ),
        now=now - timedelta(days=2),
    ).case
    case_legal_consultation_record(
        case=case,
        actor=org.people["legal", "handler"],
        question=QUESTION,
        booked=True,
        booked_for=now - timedelta(days=1),
        lawyer="陈律师",
        now=now - timedelta(days=2),
    )
    case.refresh_from_db()
    return case


def _handler(org):
    return org.people["legal", "handler"]


def _open_clocks(case) -> set[str]:
    return set(CaseClock.objects.filter(case=case, met_at__isnull=True).values_list("clock", flat=True))


def test_a_no_show_is_recorded_and_keeps_the_answer_owed(org, booked):
    open_before = _open_clocks(booked)
    assert "reply" in open_before
    case_legal_consultation_no_show(case=booked, actor=_handler(org), note="电话未接通")
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_MISSED
    assert _open_clocks(booked) == open_before  # the no-show meets no clock
    event = CaseEvent.objects.get(case=booked, kind="legal_consultation_no_show")
    assert event.public
    assert (event.data["from"], event.data["to"]) == (st.CONSULTATION_BOOKED, st.CONSULTATION_MISSED)
    assert event.data["lawyer"] == "陈律师"
    assert "电话未接通" in LegalConsultation.objects.get(case=booked).note
    actions = permissions.case_actions_for(_handler(org), booked)
    assert {"rebook_consultation", "close_missed_consultation", "hold_consultation"} <= actions


def test_a_missed_consultation_is_booked_again_and_held(org, booked):
    handler, now = _handler(org), timezone.now()
    missed_at = LegalConsultation.objects.get(case=booked).booked_for
    case_legal_consultation_no_show(case=booked, actor=handler, now=now)
    new_date = now + timedelta(days=3)
    case_legal_consultation_rebook(case=booked, actor=handler, booked_for=new_date, lawyer="王律师", now=now)
    booked.refresh_from_db()
    consultation = LegalConsultation.objects.get(case=booked)
    assert booked.status == st.CONSULTATION_BOOKED
    assert (consultation.booked_for, consultation.lawyer) == (new_date, "王律师")
    rebooking = CaseEvent.objects.filter(case=booked, kind="legal_consultation_booked").order_by("-at", "-pk").first()
    assert rebooking.data["rebooked"] is True
    assert rebooking.data["missed_booking"] == missed_at.isoformat()
    case_legal_consultation_hold(case=booked, actor=handler, advice="可依合同约定要求返还押金。", now=new_date)
    booked.refresh_from_db()
    assert booked.status == st.CLOSED
    assert "reply" not in _open_clocks(booked)
    kinds = list(CaseEvent.objects.filter(case=booked, kind__startswith="legal_").values_list("kind", flat=True))
    assert kinds == [
        "legal_consultation_booked",
        "legal_consultation_no_show",
        "legal_consultation_booked",
        "legal_consultation_held",
    ]


def test_closing_a_missed_consultation_meets_the_reply_and_finish_clocks(org, booked):
    handler = _handler(org)
    case_legal_consultation_no_show(case=booked, actor=handler)
    case_legal_consultation_close_missed(case=booked, actor=handler, reason="当事人表示已自行和解，无需再咨询。")
    booked.refresh_from_db()
    assert booked.status == st.CLOSED
    assert not {"reply", "finish"} & _open_clocks(booked)
    assert "已自行和解" in LegalConsultation.objects.get(case=booked).note
    event = CaseEvent.objects.get(case=booked, kind="legal_consultation_closed_unattended")
    assert event.data["to"] == st.CLOSED


def test_a_no_show_before_the_booked_time_is_refused(org):
    now = timezone.now()
    case = case_file(
        data=CaseInput(
            channel="visit",
            service="legal_consultation",
            request=QUESTION,
            petitioners=[PetitionerInput(name="周先生", phone="13912345670")],
            consent=True,
        )
    ).case
    case_legal_consultation_record(
        case=case,
        actor=_handler(org),
        question=QUESTION,
        booked=True,
        booked_for=now + timedelta(hours=2),
        lawyer="陈律师",
    )
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_no_show(case=case, actor=_handler(org), now=now)
    assert refused.value.code == "too_early"
    case.refresh_from_db()
    assert case.status == st.CONSULTATION_BOOKED
    assert not CaseEvent.objects.filter(case=case, kind="legal_consultation_no_show").exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"booked_for": None, "lawyer": "王律师"}, "booked_for"),
        ({"past": True, "lawyer": "王律师"}, "booked_for"),
        ({"far": True, "lawyer": "王律师"}, "booked_for"),
        ({"soon": True, "lawyer": "  "}, "required"),
    ],
)
def test_a_bad_rebooking_is_refused_and_changes_nothing(org, booked, fields, code):
    handler, now = _handler(org), timezone.now()
    case_legal_consultation_no_show(case=booked, actor=handler, now=now)
    when = fields.get("booked_for")
    if fields.get("past"):
        when = now - timedelta(hours=1)
    elif fields.get("far"):
        when = now + timedelta(days=120)
    elif fields.get("soon"):
        when = now + timedelta(days=1)
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_rebook(case=booked, actor=handler, booked_for=when, lawyer=fields["lawyer"], now=now)
    assert refused.value.code == code
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_MISSED
    assert LegalConsultation.objects.get(case=booked).lawyer == "陈律师"


def test_only_the_legal_service_records_a_no_show(org, booked):
    for who in (org.people["petition", "clerk"], org.people["agri", "handler"], org.director.user):
        with pytest.raises(ActionRefused):
            case_legal_consultation_no_show(case=booked, actor=who)
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_BOOKED


def test_closing_needs_a_reason(org, booked):
    case_legal_consultation_no_show(case=booked, actor=_handler(org))
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_close_missed(case=booked, actor=_handler(org), reason="  ")
    assert refused.value.code == "required"
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_MISSED


def test_the_case_page_forms_and_history(org, booked, client, zh):
    client.force_login(_handler(org))
    url = reverse("mediation:case", args=[booked.tracking_code])
    page = client.get(url).content.decode()
    assert 'data-testid="consultation-no-show-form"' in page
    assert 'data-testid="consultation-rebook-form"' not in page
    response = client.post(reverse("mediation:legal-consultation-no-show", args=[booked.tracking_code]), {"note": ""})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "预约未到场，待重新预约" in page
    assert 'data-testid="missed-bookings"' in page
    assert 'data-testid="consultation-rebook-form"' in page
    assert 'data-testid="consultation-close-missed-form"' in page
    # A refused rebooking comes back on the page with the error beside the field.
    refused = client.post(
        reverse("mediation:legal-consultation-rebook", args=[booked.tracking_code]),
        {"booked_for": "2001-01-01T09:00", "lawyer": "王律师"},
    )
    assert refused.status_code == 400
    assert "预约咨询的时间应晚于当前时间。" in refused.content.decode()
    soon = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    response = client.post(
        reverse("mediation:legal-consultation-rebook", args=[booked.tracking_code]),
        {"booked_for": soon, "lawyer": "王律师"},
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_BOOKED
    entries = history_entries(CaseEvent.objects.filter(case=booked).order_by("at", "pk"), service=booked.service)
    no_show = next(e for e in entries if e.event.kind == "legal_consultation_no_show")
    assert no_show.label == "咨询人预约未到场"
    details = dict(no_show.details)
    assert details["状态"].endswith("→ 预约未到场，待重新预约")
    rebooking = [e for e in entries if e.event.kind == "legal_consultation_booked"][-1]
    assert "错过的预约" in dict(rebooking.details)


def test_others_cannot_post_the_no_show(org, booked, client):
    client.force_login(org.people["agri", "handler"])
    response = client.post(reverse("mediation:legal-consultation-no-show", args=[booked.tracking_code]), {"note": ""})
    assert response.status_code == 404
    client.logout()
    response = client.post(reverse("mediation:legal-consultation-no-show", args=[booked.tracking_code]), {"note": ""})
    assert response.status_code == 302
    assert "/staff/login/" in response.url
    booked.refresh_from_db()
    assert booked.status == st.CONSULTATION_BOOKED
