"""Known case histories for the statistics: cases and their steps at chosen instants (Beijing time)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cases.models import CaseEvent
from mediation.models import CaseClock, Contact, Extension, FollowUp

BEIJING = ZoneInfo("Asia/Shanghai")


def bj(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def step(case, kind: str, at: datetime, actor=None, **data) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, at=at, actor=actor, data=data)


def clock(case, name: str, due_on: date, *, met_at: datetime | None = None, started_on: date | None = None):
    return CaseClock.objects.create(
        case=case,
        clock=name,
        started_on=started_on or case.received_at.astimezone(BEIJING).date(),
        due_on=due_on,
        policy_code="test",
        basis="测试",
        explanation="测试",
        state=CaseClock.State.MET if met_at else CaseClock.State.RUNNING,
        met_at=met_at,
        updated_at=met_at or case.received_at,
    )


def first_contact(case, at: datetime, by) -> Contact:
    return Contact.objects.create(
        case=case,
        kind=Contact.Kind.FIRST_CONTACT,
        made_by="承办人",
        at=at,
        learned="已了解诉求",
        recorded_by=by,
        recorded_at=at,
    )


def follow_up(case, at: datetime, satisfaction: str, by) -> FollowUp:
    return FollowUp.objects.create(
        case=case,
        made_by="回访人",
        at=at,
        method=FollowUp.Method.PHONE,
        satisfaction=satisfaction,
        recorded_by=by,
        recorded_at=at,
    )


def extension(case, at: datetime, by, *, approved: bool | None, due_before: date, days: int = 10) -> Extension:
    decided = approved is not None
    return Extension.objects.create(
        case=case,
        days=days,
        reason="情况复杂",
        requested_by=by,
        requested_at=at,
        due_before=due_before,
        decision=(Extension.Decision.APPROVED if approved else Extension.Decision.REFUSED) if decided else "",
        decided_by=by if decided else None,
        decided_at=at if decided else None,
    )
