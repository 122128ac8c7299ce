"""Issue 17: a proxy agent files a resident's case (the desk's filing, with the resident's recorded consent)
and records the documents carried between the resident and the units; who may, and who sees them."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import Attachment, Case, CaseEvent, ProxyHandling
from cases.selectors import case_list_for_user
from departments.models import ProxyAgent
from intake.attachments import attachments_check
from intake.proxy import AgentFiling, case_file_for_resident, proxy_document_record
from intake.services import PetitionerInput
from intake.tokens import form_token_new
from mediation import services
from mediation.models import Notification, ProxyConsent, ProxyDocument, ProxyMatter
from tests.factories import UserFactory
from tests.intake.conftest import PDF_BYTES, png_bytes
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(org):
    return ProxyAgent.objects.create(user=UserFactory(username="proxy.tangjiao"), village=org.village)


@pytest.fixture
def media(settings, tmp_path):
    from django.utils.functional import empty

    from cases.models import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


def matter(service="petition"):
    return ProxyMatter.objects.filter(service=service, is_active=True).first()


def checked(name="consent.png", content=None):
    upload = SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")
    return attachments_check([upload])[0]


def filing(org, **overrides):
    values = {
        "matter": matter(),
        "request": "宅基地界址纠纷，请求村里重新丈量。",
        "resident": PetitionerInput(name="王大伯", phone="13800138111", village=org.village),
        "consent_method": "in_person",
        "consent_on": timezone.localdate(),
        "consent_file": None,
    }
    values.update(overrides)
    return AgentFiling(**values)


def test_the_published_list_is_seeded_and_kept_as_data():
    assert ProxyMatter.objects.filter(is_active=True).count() >= 5
    assert set(ProxyMatter.objects.values_list("service", flat=True)) <= {
        "petition",
        "mediation",
        "legal_consultation",
        "legal_aid",
    }


def test_an_agent_files_for_a_resident_and_carries_the_case_from_the_start(org, agent, media):
    filed = case_file_for_resident(
        actor=agent.user, filing=filing(org, consent_method="signed_form", consent_file=checked())
    )
    case = filed.case
    assert filed.created
    assert case.registered_by == agent.user
    assert case.channel == "visit"
    assert case.service == "petition"
    assert case.proxy_requested
    handling = ProxyHandling.objects.get(case=case)
    assert handling.agent == agent
    assert handling.requested_via == "agent"
    consent = ProxyConsent.objects.get(case=case)
    assert consent.method == "signed_form"
    assert consent.given_on == timezone.localdate()
    assert consent.attachment is not None
    assert consent.attachment.case == case
    assert consent.matter == matter()
    # The desk's filing: the routing proposal, the clocks, the public "filed" step, then the agent's.
    assert CaseEvent.objects.filter(case=case, kind="routing_proposed").exists()
    assert list(CaseEvent.objects.filter(case=case, public=True).values_list("kind", flat=True)) == [
        "filed",
        "proxy_filed",
    ]
    assert list(case_list_for_user(agent.user)) == [case]
    # The agent is not told of their own filing.
    assert not Notification.objects.filter(user=agent.user).exists()


def test_the_same_form_sent_twice_files_once(org, agent):
    token = "tok-123"
    first = case_file_for_resident(actor=agent.user, filing=filing(org), submission_token=token)
    again = case_file_for_resident(actor=agent.user, filing=filing(org), submission_token=token)
    assert again.case == first.case
    assert not again.created
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"matter": None}, "matter"),
        ({"consent_method": "pigeon"}, "consent_method"),
        ({"consent_on": None}, "consent_on"),
        ({"consent_on": "future"}, "consent_on"),
        ({"consent_on": "stale"}, "consent_on"),
        ({"consent_method": "signed_form"}, "consent_file"),
        ({"request": "   "}, "request"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_stores_nothing(org, agent, media, overrides, code):
    today = timezone.localdate()
    days = {"future": today + timedelta(days=1), "stale": today - timedelta(days=200)}
    if overrides.get("consent_on") in days:
        overrides["consent_on"] = days[overrides["consent_on"]]
    with pytest.raises(ActionRefused) as refused:
        case_file_for_resident(actor=agent.user, filing=filing(org, **overrides))
    assert refused.value.code == code
    assert not Case.objects.exists()
    assert not ProxyHandling.objects.exists()
    assert not ProxyConsent.objects.exists()


def test_a_matter_taken_off_the_list_is_refused(org, agent):
    off = matter()
    off.is_active = False
    off.save()
    with pytest.raises(ActionRefused) as refused:
        case_file_for_resident(actor=agent.user, filing=filing(org, matter=off))
    assert refused.value.code == "matter"
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["clerk", "handler", "director", "inactive_agent", "outsider"])
def test_only_an_active_proxy_agent_files_for_a_resident(org, who):
    users = {
        "clerk": org.people["petition", "clerk"],
        "handler": org.people["agri", "handler"],
        "director": org.director.user,
        "outsider": org.outsider,
    }
    if who == "inactive_agent":
        users[who] = ProxyAgent.objects.create(user=UserFactory(username="proxy.old"), is_active=False).user
    with pytest.raises(NotAllowed):
        case_file_for_resident(actor=users[who], filing=filing(org))
    assert not Case.objects.exists()


def test_a_failure_after_the_files_are_written_leaves_no_file(org, agent, media, monkeypatch):
    import intake.proxy

    def boom(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(intake.proxy, "_proxy_start", boom)
    with pytest.raises(RuntimeError):
        case_file_for_resident(
            actor=agent.user, filing=filing(org, consent_method="signed_form", consent_file=checked())
        )
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


# --- the pages --------------------------------------------------------------------------------------


def _post(client, org, **overrides):
    data = {
        "token": form_token_new(),
        "matter": matter().pk,
        "request": "邻居占用宅基地，请求调处。",
        "name": "王大伯",
        "phone": "13800138111",
        "village": org.village.pk,
        "consent_method": "phone",
        "consent_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return client.post(reverse("intake:proxy-file"), {k: v for k, v in data.items() if v is not None})


def test_the_filing_page_files_and_shows_the_tracking_code(client, org, agent):
    client.force_login(agent.user)
    page = client.get(reverse("intake:proxy-file"))
    assert page.status_code == 200
    assert matter().name in page.content.decode()
    response = _post(client, org)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:proxy-filed", args=[case.tracking_code])
    receipt = client.get(response["Location"])
    assert case.display_code in receipt.content.decode()
    pdf = client.get(reverse("intake:proxy-ack", args=[case.tracking_code]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_the_filing_page_says_what_is_wrong_in_chinese(client, org, agent, media):
    client.force_login(agent.user)
    client.cookies["django_language"] = "zh-hans"
    response = _post(client, org, matter=None, consent_method="signed_form", phone="12")
    assert response.status_code == 400
    text = response.content.decode()
    assert "请选择代办件工作清单上的事项" in text
    assert "请附上签字的代办委托书" in text
    assert not Case.objects.exists()
    fake = SimpleUploadedFile("form.png", b"not an image at all", content_type="image/png")
    response = _post(client, org, consent_method="signed_form", consent_file=fake)
    assert response.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["clerk", "director", "outsider"])
def test_the_filing_page_is_not_there_for_others(client, org, who):
    users = {"clerk": org.people["petition", "clerk"], "director": org.director.user, "outsider": org.outsider}
    client.force_login(users[who])
    assert client.get(reverse("intake:proxy-file")).status_code == 404
    assert _post(client, org).status_code == 404
    assert not Case.objects.exists()


def test_another_agent_gets_no_receipt(client, org, agent):
    case = case_file_for_resident(actor=agent.user, filing=filing(org)).case
    other = ProxyAgent.objects.create(user=UserFactory(username="proxy.other"))
    client.force_login(other.user)
    assert client.get(reverse("intake:proxy-filed", args=[case.tracking_code])).status_code == 404
    assert client.get(reverse("intake:proxy-ack", args=[case.tracking_code])).status_code == 404


# --- documents carried ------------------------------------------------------------------------------


@pytest.fixture
def carried(org, agent):
    case = routed_case(lead=org.units["agri"], village=org.village, picked_by=org.people["agri", "handler"])
    services.case_proxy_assign(
        case=case, actor=org.people["petition", "clerk"], agent=agent, requested_via="desk", consent="当面同意"
    )
    return case


def test_the_agent_records_a_document_carried_with_a_copy(org, agent, carried, media):
    told = Notification.objects.filter(user=agent.user).count()
    document = proxy_document_record(
        case=carried,
        actor=agent.user,
        direction="to_resident",
        title="农业农村办答复意见书",
        on=timezone.localdate(),
        received_by="王大伯本人",
        copy=checked("reply.pdf", PDF_BYTES),
    )
    assert document.agent == agent
    assert document.attachment.case == carried
    event = CaseEvent.objects.get(case=carried, kind="proxy_document")
    assert event.public
    assert event.data["title"] == "农业农村办答复意见书"
    assert Notification.objects.filter(user=agent.user).count() == told  # not told of their own step


def test_only_the_carrying_agent_records_documents_and_bad_input_stores_nothing(org, agent, carried, media):
    today = timezone.localdate()
    base = {"direction": "to_unit", "title": "身份证复印件", "on": today, "received_by": "农业农村办李四"}
    with pytest.raises(NotAllowed):
        proxy_document_record(case=carried, actor=org.people["agri", "handler"], **base)
    other = ProxyAgent.objects.create(user=UserFactory(username="proxy.other"))
    with pytest.raises(CaseNotFound):
        proxy_document_record(case=carried, actor=other.user, **base)
    for overrides, code in [
        ({"direction": "sideways"}, "direction"),
        ({"title": " "}, "title"),
        ({"received_by": ""}, "received_by"),
        ({"on": None}, "on"),
        ({"on": today + timedelta(days=1)}, "on"),
        ({"on": today - timedelta(days=400)}, "on"),
    ]:
        with pytest.raises(ActionRefused) as refused:
            proxy_document_record(case=carried, actor=agent.user, copy=checked(), **{**base, **overrides})
        assert refused.value.code == code
    assert not ProxyDocument.objects.exists()
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_documents_show_on_the_case_page_and_workbench_to_those_who_may_see_the_case(client, org, agent, carried):
    proxy_document_record(
        case=carried,
        actor=agent.user,
        direction="to_unit",
        title="土地承包合同复印件",
        on=timezone.localdate(),
        received_by="农业农村办李四",
    )
    case_url = reverse("mediation:case", args=[carried.tracking_code])
    for user in (agent.user, org.people["agri", "handler"], org.people["petition", "clerk"], org.director.user):
        client.force_login(user)
        assert "土地承包合同复印件" in client.get(case_url).content.decode()
    client.force_login(agent.user)
    assert "土地承包合同复印件" in client.get(reverse("mediation:proxy-workbench")).content.decode()
    for user in (org.people["urban", "handler"], org.outsider):
        client.force_login(user)
        assert client.get(case_url).status_code == 404
        assert "土地承包合同复印件" not in client.get(reverse("mediation:proxy-workbench")).content.decode()


def test_a_conduct_complaint_about_the_agent_hides_its_documents_from_them(org, agent, carried):
    proxy_document_record(
        case=carried, actor=agent.user, direction="to_unit", title="材料甲", on=timezone.localdate(), received_by="某"
    )
    carried.accused_persons.set([agent.user])  # the complaint turns out to be about the agent
    from mediation.selectors.proxy import proxy_documents_for

    assert not proxy_documents_for(agent.user)
    with pytest.raises(CaseNotFound):
        proxy_document_record(
            case=carried,
            actor=agent.user,
            direction="to_unit",
            title="材料乙",
            on=timezone.localdate(),
            received_by="某",
        )


def test_the_document_form_posts_from_the_case_page(client, org, agent, carried, media):
    client.force_login(agent.user)
    page = client.get(reverse("mediation:case", args=[carried.tracking_code])).content.decode()
    assert reverse("intake:proxy-document", args=[carried.tracking_code]) in page
    copy = SimpleUploadedFile("copy.pdf", io.BytesIO(PDF_BYTES).read(), content_type="application/pdf")
    response = client.post(
        reverse("intake:proxy-document", args=[carried.tracking_code]),
        {
            "direction": "to_resident",
            "title": "答复意见书",
            "on": timezone.localdate().isoformat(),
            "received_by": "王大伯",
            "copy": copy,
        },
    )
    assert response.status_code == 302
    document = ProxyDocument.objects.get()
    assert document.attachment is not None
    download = client.get(reverse("intake:attachment", args=[carried.tracking_code, document.attachment.pk]))
    assert download.status_code == 200
    bad = client.post(
        reverse("intake:proxy-document", args=[carried.tracking_code]),
        {"direction": "to_resident", "title": "", "on": "", "received_by": ""},
    )
    assert bad.status_code == 400
    assert ProxyDocument.objects.count() == 1
