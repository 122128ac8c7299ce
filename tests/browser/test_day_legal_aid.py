"""A legal-aid application as a working day in a real browser (issue 16): a resident applies online
from a phone with the hardship evidence attached; the legal-service handler finds it at the window,
ticks the documents checklist until the application is complete, grants legal aid and prints the
written decision (a PDF, rendered to an image and looked at), and assigns the lawyer. The decision
and lawyer clocks show met. Every page is photographed (var/screenshots/day-legal-aid-<page>.png)
and scanned with axe-core."""

import io
import subprocess

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from cases.models import Case
from mediation.models import CaseClock, LegalAidChecklist
from tests.browser.conftest import SCREENSHOTS
from tests.browser.day import VIEWPORTS, look, settled_look, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUEST = "在工地摔伤，包工头拒绝赔偿；我家是低保户，请不起律师，申请法律援助。"
DOCUMENTS = (
    "法律援助申请表",
    "申请人居民身份证或者其他有效身份证明",
    "经济困难状况说明表（或能够证明经济困难的证件、证明材料）",
    "与所申请法律援助事项有关的材料",
)


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", "--quiet-logins")


def _file(name: str, fmt: str, mime: str) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (240, 240, 230)).save(buffer, format=fmt)
    return {"name": name, "mimeType": mime, "buffer": buffer.getvalue()}


def _look_at_pdf(content: bytes, name: str) -> None:
    """The PDF rendered to a PNG beside the screenshots, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(SCREENSHOTS / name)], check=True)
    pdf.unlink()
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    squeezed = "".join(text.split())
    assert "给予法律援助决定书" in squeezed
    assert "吴师傅" in squeezed


def test_a_legal_aid_application_is_completed_granted_printed_and_given_a_lawyer(demo, page, live_server):
    base = live_server.url

    # The resident applies online from a phone, with the hardship evidence attached.
    page.set_viewport_size(VIEWPORTS["390"])
    page.goto(base + "/file/")
    page.get_by_text("法律援助", exact=True).click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill(REQUEST)
    page.get_by_label("姓名", exact=True).fill("吴师傅")
    page.get_by_label("电话", exact=True).fill("13955507788")
    page.locator("input[type=file]").set_input_files(
        [_file("低保证.jpg", "JPEG", "image/jpeg"), _file("工伤诊断书.pdf", "PDF", "application/pdf")]
    )
    page.get_by_label("我已阅读个人信息告知").check()
    settled_look(page, "day-legal-aid-apply")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/file/done/**")
    case = Case.objects.get(service="legal_aid")
    assert case.attachments.count() == 2
    code = case.tracking_code

    # The legal-service handler finds it at the window, most urgent first.
    page.set_viewport_size(VIEWPORTS["1366"])
    sign_in(page, base, "legal.handler")
    page.goto(f"{base}/staff/legal/consultations/")
    waiting = page.get_by_test_id("waiting-legal-aid")
    expect(waiting).to_contain_text("材料不齐全")
    look(page, "day-legal-aid-window")
    waiting.get_by_role("link", name=case.display_code).click()
    page.wait_for_url(f"**/staff/cases/{code}/#legal-aid")
    section = page.get_by_test_id("legal-aid")
    expect(section.get_by_test_id("legal-aid-documents")).to_contain_text("材料不齐全")
    expect(page.locator("#files")).to_contain_text("低保证.jpg")
    expect(page.locator("#files")).to_contain_text("工伤诊断书.pdf")
    look(page, "day-legal-aid-case")

    # The documents checklist: everything in, the application is complete.
    documents = page.get_by_test_id("legal-aid-documents-form")
    for label in DOCUMENTS:
        documents.get_by_label(label).check()
    with page.expect_navigation():
        documents.get_by_role("button", name="登记申请材料").click()
    expect(page.get_by_test_id("legal-aid-documents")).to_contain_text("材料齐全（")
    checklist = LegalAidChecklist.objects.get(case=case)
    assert checklist.complete_at is not None

    # The decision: granted, the written decision printed.
    decision = page.locator("form.legal-aid-decision")
    decision.get_by_label("给予法律援助").check()
    look(page, "day-legal-aid-deciding")
    with page.expect_navigation():
        decision.get_by_role("button", name="作出决定").click()
    expect(page.get_by_test_id("legal-aid-decision")).to_contain_text("给予法律援助")
    link = page.get_by_role("link", name="打印法律援助决定书")
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    _look_at_pdf(pdf.body(), "day-legal-aid-decision-pdf")

    # The lawyer, within 3 days of the grant.
    lawyer = page.get_by_test_id("legal-aid-lawyer-form")
    lawyer.get_by_label("法律援助人员").fill("钱律师")
    lawyer.get_by_label("律师事务所").fill("沥海律师事务所")
    with page.expect_navigation():
        lawyer.get_by_role("button", name="指派").click()
    expect(page.get_by_test_id("legal-aid-lawyer")).to_contain_text("钱律师")
    for clock in ("legal_aid_decision", "legal_aid_lawyer"):
        expect(page.locator(f"tr[data-clock='{clock}']")).to_contain_text("已按期完成")
    look(page, "day-legal-aid-lawyer")
    met = dict(CaseClock.objects.filter(case=case).values_list("clock", "met_at"))
    assert met["legal_aid_decision"] is not None
    assert met["legal_aid_lawyer"] is not None

    # It leaves the window's list.
    page.goto(f"{base}/staff/legal/consultations/")
    expect(page.get_by_test_id("waiting-legal-aid")).not_to_contain_text(case.display_code)
    assert page.console_errors == []
