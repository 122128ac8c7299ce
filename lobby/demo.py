"""The demo hall of the Lihai center (after ``load_demo``): windows, clerks, roster, a notice, a display."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from departments.models import Leader
from lobby import services
from lobby.models import Display, DutyRoster, Notice, ServiceWindow, WindowAssignment
from mediation.calendar import work_calendar

WINDOWS = [
    # code, name, services, clerk (demo username)
    ("1", "1号窗口", ["petition", "complaint"], "petition.clerk"),
    ("2", "2号窗口", ["petition", "governance"], "petition.clerk2"),
    ("3", "3号窗口", ["legal_consultation", "legal_aid"], "legal.handler"),
    ("4", "4号窗口", ["mediation"], "mediation.handler"),
]
# Monday to Friday (二（六））: the leadership team in turn; the director is not on the roster.
ROSTER = ["leader.li", "leader.zhang", "leader.liu", "leader.chen", "leader.li"]


@transaction.atomic
def load_demo_lobby() -> dict:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[w[3] for w in WINDOWS])}
    today = timezone.localdate()
    for order, (code, name, window_services, clerk) in enumerate(WINDOWS):
        window, _created = ServiceWindow.objects.update_or_create(
            code=code, defaults={"name": name, "services": window_services, "sort_order": order}
        )
        if clerk in users:
            WindowAssignment.objects.update_or_create(window=window, day=today, defaults={"clerk": users[clerk]})
    leaders = {leader.user.username: leader for leader in Leader.objects.select_related("user")}
    monday = today - timedelta(days=today.weekday())
    roster = 0
    calendar = work_calendar()
    for offset, username in enumerate(ROSTER):
        day = monday + timedelta(days=offset)
        if username in leaders and calendar.is_working_day(day):
            DutyRoster.objects.update_or_create(date=day, defaults={"leader": leaders[username]})
            roster += 1
    if not Notice.objects.exists():
        Notice.objects.create(
            text="每周三上午司法所律师在3号窗口提供免费法律咨询。",
            valid_from=timezone.now() - timedelta(days=1),
            valid_until=timezone.now() + timedelta(days=365),
        )
    # Tokens are stored hashed: the demo display gets a fresh one each time, so it can be printed.
    display = Display.objects.filter(name="大厅大屏").first()
    if display is None:
        _display, token = services.display_create(name="大厅大屏")
    else:
        token = services.display_save(display=display, renew_token=True)
    url = f"/lobby/display/{token}/"
    services.lobby_refresh()
    return {"windows": len(WINDOWS), "roster": roster, "display_url": url}
