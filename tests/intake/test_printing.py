"""What the person in front of the clerk (or the online filer) takes home, printed: the
acknowledgement of receipt (受理告知书) and the lobby queue ticket slip (80 mm).

Real PDFs, read back with poppler: the Chinese content, the fonts embedded, the page size, the
code on one printed line; and who may have them (the receipt's own token, never the code).
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from intake.services import CaseInput, PetitionerInput, case_file
from intake.tokens import form_token_check, form_token_new
from intake.views.public import RESULT_VISIBLE_SECONDS
from tests.mediation.factories import build_org
from tests.pdftools import assert_cjk_fonts_embedded, pdf_lines, pdf_page_size_mm, pdf_text

pytestmark = pytest.mark.django_db
CENTER = "沥海街道社会矛盾纠纷调处化解中心"


@pytest.fixture
def org(db, settings):
    settings.RATE_LIMITS_ENABLED = False
    return build_org()


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _day(value) -> str:
    return value.strftime("%Y年%-m月%-d日")


def _online_case() -> tuple[Case, str]:
    token = form_token_check(form_token_new())
    data = CaseInput(
        channel="online",
        service="petition",
        request="村口道路损坏多年，雨天积水严重，请求尽快修复。",
        petitioners=[PetitionerInput(name="王小明", phone="13912345678")],
        consent=True,
    )
    return case_file(data=data, submission_token=token).case, token


def test_online_filer_prints_the_acknowledgement_from_the_receipt_page(org, tmp_path):
    case, token = _online_case()
    client = _client()
    receipt = client.get(reverse("intake:online-done", args=[token])).content.decode()
    url = reverse("intake:online-ack", args=[token])
    assert url in receipt
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    track_url = "http://testserver" + reverse("intake:track") + f"?code={case.tracking_code}"
    for needle in (
        CENTER,
        "受理告知书",
        case.display_code,
        "王小明",
        "村口道路损坏多年",
        "网络",  # the channel
        _day(timezone.localdate(case.received_at)),
        _day(case.reply_due_on),  # the reply clock's date, on the working-day calendar
        "后四位",  # how to follow up
        track_url,  # what the QR code holds, printed under it too
    ):
        assert needle in text, needle
    assert "13912345678" not in text
    assert b"/Subtype /Image" not in response.content  # the QR code is drawn, not a picture
    assert_cjk_fonts_embedded(response.content, tmp_path)


def test_the_acknowledgement_is_never_reached_by_the_code_or_a_stale_receipt(org):
    case, token = _online_case()
    client = _client()
    for guess in (case.tracking_code, case.display_code, "not-the-token", token + "x"):
        assert client.get(reverse("intake:online-ack", args=[guess])).status_code == 404
    Case.objects.filter(pk=case.pk).update(received_at=timezone.now() - timedelta(seconds=RESULT_VISIBLE_SECONDS + 60))
    assert client.get(reverse("intake:online-ack", args=[token])).status_code == 404


def _desk_post(client, **extra):
    url = reverse("intake:desk")
    token = re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)
    data = {
        "token": token,
        "channel": "visit",
        "service": "petition",
        "request": "塘角村排水沟堵塞，雨后积水进屋，请求清理。",
        "group_size": "1",
        "wants_ticket": "on",
        "consent": "on",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "李阿婆",
        "p-0-phone": "13700000011",
        **extra,
    }
    return client.post(url, data)


def test_desk_prints_acknowledgement_and_an_80mm_ticket_whose_code_does_not_wrap(org, tmp_path):
    clerk = _client(org.people["petition", "clerk"])
    response = _desk_post(clerk)
    assert response.status_code == 302
    case = Case.objects.select_related("ticket").get()
    page = clerk.get(response["Location"]).content.decode()
    ack_url = reverse("intake:desk-ack", args=[case.tracking_code])
    ticket_url = reverse("intake:desk-ticket", args=[case.tracking_code])
    assert ack_url in page
    assert ticket_url in page

    ack = clerk.get(ack_url)
    assert ack.status_code == 200
    text = pdf_text(ack.content, tmp_path)
    for needle in ("受理告知书", case.display_code, "李阿婆", "来访", _day(case.reply_due_on), "塘角村排水沟堵塞"):
        assert needle in text, needle
    assert_cjk_fonts_embedded(ack.content, tmp_path)

    ticket = clerk.get(ticket_url)
    assert ticket.status_code == 200
    assert ticket["Content-Type"] == "application/pdf"
    width, _height = pdf_page_size_mm(ticket.content, tmp_path)
    assert round(width) == 80
    lines = pdf_lines(ticket.content, tmp_path)
    assert any(case.ticket.label in line for line in lines)
    # The tracking code is printed whole on one line (it is read out and typed in).
    assert any(case.display_code in line for line in lines), lines
    text = pdf_text(ticket.content, tmp_path)
    assert CENTER in text
    assert "13700000011" not in text
    assert "李阿婆" not in text  # a ticket lies around in the lobby: no name on it
    assert_cjk_fonts_embedded(ticket.content, tmp_path)


def test_desk_printing_from_three_sides(org):
    clerk = _client(org.people["petition", "clerk"])
    _desk_post(clerk, wants_ticket="")
    case = Case.objects.get()
    ack_url = reverse("intake:desk-ack", args=[case.tracking_code])
    ticket_url = reverse("intake:desk-ticket", args=[case.tracking_code])
    assert clerk.get(ticket_url).status_code == 404  # no ticket taken
    assert _client(org.people["urban", "handler"]).get(ack_url).status_code == 404
    assert _client(org.outsider).get(ack_url).status_code == 404
    assert _client().get(ack_url).status_code == 302
    assert _client(org.director.user).get(ack_url).status_code == 200


def test_a_conduct_complaint_clerk_prints_the_petitioners_papers_and_nothing_more(org, tmp_path):
    clerk_user = org.people["petition", "clerk"]
    clerk = _client(clerk_user)
    response = _desk_post(
        clerk,
        service="complaint",
        request="城建办工作人员办事推诿，多次要求好处费。",
        is_conduct_complaint="on",
        accused_units=[org.units["urban"].pk],
    )
    assert response.status_code == 200
    case = Case.objects.select_related("ticket").get()
    body = response.content.decode()
    links = re.findall(r'href="(/staff/desk/receipts/[^"]+)"', body)
    assert len(links) == 2, body
    ack_url, ticket_url = (next(u for u in links if u.endswith(end)) for end in ("acknowledgement.pdf", "ticket.pdf"))
    ack = clerk.get(ack_url)
    assert ack.status_code == 200
    text = pdf_text(ack.content, tmp_path)
    assert case.display_code in text
    assert _day(case.reply_due_on) in text
    assert "城建办工作人员" not in text  # what the complaint says stays with the discipline office
    assert clerk.get(ticket_url).status_code == 200
    # The case's own pages stay closed to the clerk; the links to anyone else, and forged ones.
    assert clerk.get(reverse("intake:desk-ack", args=[case.tracking_code])).status_code == 404
    for other in (org.people["petition", "head"], org.people["urban", "head"], org.people["discipline", "clerk"]):
        assert _client(other).get(ack_url).status_code == 404
    forged = reverse("intake:receipt-ack", args=[f"{case.pk}.{clerk_user.pk}:forged"])
    assert clerk.get(forged).status_code == 404
