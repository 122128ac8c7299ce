"""Filing a case: all or nothing, once, with repeats linked and tickets numbered."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.errors import IdempotencyConflict
from cases.models import Case, CaseEvent, CaseLink, Petitioner, Service
from intake.attachments import attachments_check
from intake.services import CaseInput, PetitionerInput, case_file, case_link_decide, ticket_issue
from lobby.models import QueueTicket
from lobby.tickets import TICKET_PREFIX
from tests.intake.conftest import PDF_BYTES, VALID_ID, png_bytes

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def case_input(request="村口道路损坏多年，雨天积水严重，请求尽快修复。", phone="13912345678", **kw):
    return CaseInput(
        channel=kw.pop("channel", "visit"),
        service=kw.pop("service", "petition"),
        request=request,
        petitioners=kw.pop(
            "petitioners", [PetitionerInput(name="王小明", phone=phone, id_number=kw.pop("id_number", ""))]
        ),
        consent=True,
        **kw,
    )


def test_case_file_stores_everything(private_media):
    files = attachments_check(
        [SimpleUploadedFile("photo.png", png_bytes()), SimpleUploadedFile("letter.pdf", PDF_BYTES)]
    )
    filed = case_file(data=case_input(wants_ticket=True), files=files)
    case = filed.case
    assert filed.created
    assert case.status == "registered"
    assert case.petitioners.get().is_primary
    assert [a.content_type for a in case.attachments.all()] == ["image/png", "application/pdf"]
    assert all((private_media / a.file.name).exists() for a in case.attachments.all())
    event = CaseEvent.objects.get(case=case, kind="filed")
    assert event.kind == "filed"
    assert event.public
    assert filed.ticket.label == "A001"


def test_reply_due_for_a_visit_skips_national_day():
    # Received Friday 2025-09-26: 15 working days (the day of receipt not counted) across National Day.
    now = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    case = case_file(data=case_input(channel="visit"), now=now).case
    assert case.reply_due_on == date(2025, 10, 23)
    assert not case.reply_due_provisional


def test_reply_due_for_online_case_is_one_week_moved_off_holiday():
    now = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    case = case_file(data=case_input(channel="online"), now=now).case
    assert case.reply_due_on == date(2025, 10, 9)


def test_reply_due_in_unscheduled_year_is_provisional():
    now = datetime(2027, 3, 1, 10, 0, tzinfo=SHANGHAI)
    case = case_file(data=case_input(channel="letter"), now=now).case
    assert case.reply_due_provisional


def test_same_submission_token_files_once():
    first = case_file(data=case_input(), submission_token="tok-1")
    second = case_file(data=case_input(), submission_token="tok-1")
    assert first.created
    assert not second.created
    assert second.case.pk == first.case.pk
    assert Case.objects.count() == 1


def test_idempotency_key_with_other_request_conflicts():
    case_file(data=case_input(), idempotency_key="k1", fingerprint="a")
    assert case_file(data=case_input(), idempotency_key="k1", fingerprint="a").case
    with pytest.raises(IdempotencyConflict):
        case_file(data=case_input(), idempotency_key="k1", fingerprint="b")
    assert Case.objects.count() == 1


def test_refused_attachment_stores_nothing(private_media):
    disguised = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        attachments_check([SimpleUploadedFile("ok.png", png_bytes()), disguised])
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))], "too_big"),
        ([SimpleUploadedFile(f"{i}.pdf", PDF_BYTES) for i in range(6)], "too_many"),
        ([SimpleUploadedFile("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)], "damaged"),
        ([SimpleUploadedFile("empty.pdf", b"")], "empty"),
        ([SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 10)], "type"),
    ],
)
def test_attachment_rules(files, code):
    with pytest.raises(ValidationError) as info:
        attachments_check(files)
    assert info.value.code == code


def test_failure_after_files_written_removes_them(private_media, monkeypatch):
    import intake.services as services

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_link_repeats", boom)
    files = attachments_check([SimpleUploadedFile("photo.png", png_bytes())])
    with pytest.raises(RuntimeError):
        case_file(data=case_input(), files=files)
    assert not Case.objects.exists()
    assert [p for p in private_media.rglob("*") if p.is_file()] == []


def test_third_similar_case_is_a_repeat_petition():
    first = case_file(data=case_input(phone="13900000001")).case
    second = case_file(data=case_input("村口道路坏了，积水严重，请求修复", phone="13900000001")).case
    third = case_file(data=case_input("村口道路还没修，积水更严重了", phone="13900000001")).case
    other = case_file(data=case_input("邻居养狗扰民，夜间吠叫影响休息", phone="13900000001")).case
    assert (first.repeat_count, second.repeat_count, third.repeat_count) == (1, 2, 3)
    assert third.is_repeat
    assert other.repeat_count == 1
    assert set(third.links.values_list("earlier_id", flat=True)) == {first.pk, second.pk}


def test_repeat_by_id_number_across_phones():
    case_file(data=case_input(phone="13900000001", id_number=VALID_ID))
    later = case_file(data=case_input(phone="13900000002", id_number=VALID_ID)).case
    link = later.links.get()
    assert link.matched_on == "id_number"


def test_clerk_undoes_a_link_and_the_count_follows(django_user_model, demo):
    clerk = django_user_model.objects.get(username="petition.clerk")
    case_file(data=case_input(phone="13900000001"))
    case_file(data=case_input(phone="13900000001"))
    third = case_file(data=case_input(phone="13900000001")).case
    assert third.repeat_count == 3
    for link in third.links.all():
        case_link_decide(link=link, confirm=False, actor=clerk)
    third.refresh_from_db()
    assert third.repeat_count == 1
    assert CaseLink.objects.filter(case=third, state="undone").count() == 2
    assert CaseEvent.objects.filter(case=third, kind="repeat_link_undone").count() == 2


def test_tickets_are_numbered_per_service_and_day():
    day1 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
    labels = [ticket_issue(service="petition", now=day1).label for _ in range(3)]
    assert labels == ["A001", "A002", "A003"]
    assert ticket_issue(service="mediation", now=day1).label == "D001"
    assert ticket_issue(service="petition", now=datetime(2025, 3, 4, 9, 0, tzinfo=SHANGHAI)).label == "A001"
    assert QueueTicket.objects.count() == 5


def test_ticket_letters_differ_per_service():
    assert set(TICKET_PREFIX) == set(Service.values)
    assert len(set(TICKET_PREFIX.values())) == len(TICKET_PREFIX)


def test_legal_consultation_and_legal_aid_tickets_never_share_a_label():
    day = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
    consultation = ticket_issue(service="legal_consultation", now=day)
    aid = ticket_issue(service="legal_aid", now=day)
    assert (consultation.label, aid.label) == ("C001", "F001")


def test_case_events_are_append_only():
    case = case_file(data=case_input()).case
    event = case.events.get(kind="filed")
    event.kind = "tampered"
    with pytest.raises(RuntimeError):
        event.save()


def test_group_visit_keeps_every_petitioner():
    people = [PetitionerInput(name=f"村民{i}", phone=f"1390000000{i}") for i in range(6)]
    case = case_file(data=case_input(petitioners=people, group_size=6)).case
    assert case.is_collective
    assert Petitioner.objects.filter(case=case).count() == 6


def test_a_collective_visit_raises_the_joint_reception_alert_when_filed():
    from lobby.models import JointReceptionAlert

    people = [PetitionerInput(name=f"村民{i}", phone=f"1390000001{i}") for i in range(5)]
    collective = case_file(data=case_input(petitioners=people, group_size=5)).case
    single = case_file(data=case_input(phone="13900000099")).case

    alert = JointReceptionAlert.objects.get(case=collective)
    assert alert.group_size == 5
    assert not JointReceptionAlert.objects.filter(case=single).exists()


def test_taken_tracking_code_is_drawn_again_storing_one_case(private_media, monkeypatch):
    import intake.services as services

    first = case_file(data=case_input(phone="13900000001")).case
    codes = iter([first.tracking_code, "LH23456789AB"])
    monkeypatch.setattr(services, "tracking_code_new", lambda: next(codes))
    files = attachments_check([SimpleUploadedFile("photo.png", png_bytes())])
    second = case_file(data=case_input(phone="13900000002"), files=files).case
    assert second.tracking_code == "LH23456789AB"
    assert Case.objects.count() == 2
    assert Petitioner.objects.filter(phone="13900000002").count() == 1
    assert CaseEvent.objects.filter(case=second, kind="filed").count() == 1
    # The first attempt's file was removed with its rolled-back rows: one file for one attachment.
    assert len([p for p in private_media.rglob("*") if p.is_file()]) == 1


def test_rate_limit_is_not_asked_about_a_resubmission():
    asked = []
    first = case_file(data=case_input(), submission_token="tok-1", admit=lambda: asked.append(1) or True)
    again = case_file(data=case_input(), submission_token="tok-1", admit=lambda: asked.append(2) or False)
    assert (first.created, again.created, again.case.pk) == (True, False, first.case.pk)
    assert asked == [1]


def test_refused_by_the_rate_limit_stores_nothing():
    from cases.errors import RateLimited

    with pytest.raises(RateLimited):
        case_file(data=case_input(), submission_token="tok-2", admit=lambda: False)
    assert not Case.objects.exists()
