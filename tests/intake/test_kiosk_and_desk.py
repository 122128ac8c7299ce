"""The kiosk (device-bound, rate-limited per device) and the petition-office desk."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, Kiosk
from intake.kiosk import COOKIE, kiosk_enrollment_new
from tests.intake.conftest import PDF_BYTES, VALID_ID, online_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_client(client, demo):
    kiosk = Kiosk.objects.create(name="大厅一号机")
    key = kiosk_enrollment_new(kiosk)
    response = client.get(reverse("intake:kiosk-enroll", args=[key]))
    assert response.status_code == 200
    assert COOKIE in response.cookies
    # The key is spent.
    assert client.get(reverse("intake:kiosk-enroll", args=[key])).status_code == 404
    return client


def token_of(client, url):
    return re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode()).group(1)


def test_unenrolled_browser_is_not_a_kiosk(client, demo):
    response = client.get(reverse("intake:kiosk"))
    assert response.status_code == 403
    assert "未登记为中心的自助服务终端" in response.content.decode()


def test_kiosk_files_a_case_and_prints_a_slip(kiosk_client):
    url = reverse("intake:kiosk-file")
    response = kiosk_client.post(url, online_payload(token=token_of(kiosk_client, url), wants_ticket="1"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "kiosk"
    slip = kiosk_client.get(response["Location"])
    body = slip.content.decode()
    assert case.display_code in body
    assert case.ticket.label == "A001"
    assert "A001" in body
    assert case.reply_due_on.strftime("%Y-%m-%d") in body
    assert "<svg" in body
    assert slip["Cache-Control"] == "no-store"
    assert "13912345678" not in body


def test_kiosk_rate_limit_counts_the_device_not_the_address(kiosk_client, settings):
    from web import ratelimit

    url = reverse("intake:kiosk-file")
    for _ in range(ratelimit.FILE_KIOSK.count):
        assert kiosk_client.post(url, online_payload(token=token_of(kiosk_client, url))).status_code == 302
    assert kiosk_client.post(url, online_payload(token=token_of(kiosk_client, url))).status_code == 429
    # The online form from the same lobby address still works: it is counted apart.
    online = kiosk_client.post("/file/", online_payload(token=token_of(kiosk_client, "/file/")))
    assert online.status_code == 302


def test_desk_registers_a_group_letter_with_earlier_cases(client, demo, django_user_model, private_media):
    clerk = django_user_model.objects.get(username="petition.clerk")
    client.force_login(clerk)
    url = reverse("intake:desk")
    data = {
        "token": token_of(client, url),
        "channel": "visit",
        "service": "petition",
        "request": "征地补偿款至今未发放到位，请求核实并发放。",
        "group_size": "6",
        "extreme_behaviour": "on",
        "consent": "on",
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "赵一",
        "p-0-phone": "13700000001",
        "p-0-id_number": VALID_ID,
        "p-1-name": "钱二",
        "p-1-phone": "13700000002",
        "attachments": [SimpleUploadedFile("letter.pdf", PDF_BYTES)],
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.is_collective
    assert case.extreme_behaviour
    assert case.registered_by == clerk
    assert case.petitioners.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "集体访" in page
    assert "1101**********002X" in page  # ID numbers masked in the list
    assert VALID_ID not in page

    earlier = client.post(reverse("intake:desk-earlier"), {"phone": "13700000001"}).content.decode()
    assert case.display_code in earlier

    attachment = case.attachments.get()
    download = client.get(reverse("intake:attachment", args=[case.tracking_code, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/octet-stream"


def test_desk_form_has_checkboxes_and_links_earlier_cases_the_clerk_may_see(client, demo, django_user_model):
    """No ctrl-click multi-select, no drop-down for the service; earlier cases are links."""
    from departments.models import Unit
    from tests.mediation.factories import case_new

    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    page = client.get(reverse("intake:desk")).content.decode()
    assert "<select" not in page.replace('<select name="p-0-village"', "")  # only the village
    file_input = 'type="file" name="attachments" accept="image/*,application/pdf" multiple'
    assert "multiple" not in page.replace(file_input, "")
    agri = Unit.objects.get(code="agriculture")
    assert f'type="checkbox" name="accused_units" value="{agri.pk}"' in page
    assert 'type="radio" name="service" value="petition"' in page

    # Ticks survive "add another petitioner" (redisplayed without JavaScript).
    data = {"token": token_of(client, reverse("intake:desk")), "add_petitioner": "1", "accused_units": [agri.pk]}
    data |= {"p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0", "p-0-name": "赵一", "p-0-phone": "13700000001"}
    again = client.post(reverse("intake:desk"), data).content.decode()
    assert re.search(rf'name="accused_units" value="{agri.pk}"[^>]*checked', again)
    assert 'name="p-1-name"' in again

    seen = case_new(phone="13700000009")
    hidden = case_new(phone="13700000009", is_conduct_complaint=True)
    earlier = client.post(reverse("intake:desk-earlier"), {"phone": "13700000009"}).content.decode()
    assert f'href="/staff/cases/{seen.tracking_code}/"' in earlier
    assert hidden.display_code not in earlier


def test_desk_refuses_non_petition_staff_and_anonymous(client, demo, django_user_model):
    url = reverse("intake:desk")
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.get(username="agri.handler"))
    assert client.get(url).status_code == 404


def test_attachment_download_from_three_sides(client, demo, django_user_model, private_media):
    client.post(
        "/file/", online_payload(token=token_of(client, "/file/"), attachments=[SimpleUploadedFile("a.pdf", PDF_BYTES)])
    )
    case = Case.objects.get()
    url = reverse("intake:attachment", args=[case.tracking_code, case.attachments.get().pk])
    client.force_login(django_user_model.objects.get(username="petition.clerk"))
    assert client.get(url).status_code == 200
    client.force_login(django_user_model.objects.get(username="urban.handler"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_conduct_complaint_hidden_from_accused_unit_and_petition_office(client, demo, django_user_model):
    from departments.models import Unit

    clerk = django_user_model.objects.get(username="petition.clerk")
    client.force_login(clerk)
    url = reverse("intake:desk")
    response = client.post(
        url,
        {
            "token": token_of(client, url),
            "channel": "letter",
            "service": "complaint",
            "request": "城建办工作人员办事推诿，多次要求好处费。",
            "group_size": "1",
            "is_conduct_complaint": "on",
            "accused_units": [Unit.objects.get(code="urban-construction").pk],
            "consent": "on",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1",
            "p-MAX_NUM_FORMS": "50",
            "p-0-name": "孙三",
            "p-0-phone": "13700000003",
        },
    )
    case = Case.objects.get()
    # Not even the registering clerk sees a conduct complaint after filing; the discipline office does.
    assert response.status_code == 200
    assert case.display_code in response.content.decode()
    assert "城建办工作人员" not in response.content.decode()
    assert client.get(reverse("intake:desk-case", args=[case.tracking_code])).status_code == 404
    for username, expected in [("urban.head", 404), ("urban.handler", 404), ("discipline.handler", 404)]:
        client.force_login(django_user_model.objects.get(username=username))
        assert client.get(reverse("intake:desk-case", args=[case.tracking_code])).status_code == expected
    from cases.selectors import case_list_for_user

    assert case_list_for_user(django_user_model.objects.get(username="discipline.handler")).filter(pk=case.pk).exists()
    assert not case_list_for_user(django_user_model.objects.get(username="urban.head")).exists()
    assert case_list_for_user(django_user_model.objects.get(username="director")).filter(pk=case.pk).exists()


def test_kiosk_enroll_command_prints_a_working_link(client, demo):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("kiosk_enroll", "大厅二号机", stdout=out)
    url = out.getvalue().strip().splitlines()[-1]
    path = url.split("8000", 1)[1]
    assert client.get(path).status_code == 200
    assert client.get(reverse("intake:kiosk")).status_code == 200


def test_kiosk_start_page_is_one_lookup_of_the_kiosk(kiosk_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert kiosk_client.get(reverse("intake:kiosk")).status_code == 200
