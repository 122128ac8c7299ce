"""To-do lists that last, per role: what waits for this person's step, until the step is done.

Each list is a condition on the cases the person may see (``cases.selectors.case_list_for_user``,
THE visibility rule), so a list, its count and the dashboard panel show the same cases, and a
conduct complaint about a unit never reaches that unit here either. An item leaves its list when
the step is recorded (the status moves, the event or the row is written), never before:

- clerk (petition office; discipline office for conduct complaints): routing to confirm, repeat
  links to decide;
- director (and a leader the director delegated a signature to): 交办签 and 办结签 waiting;
  the director alone: objections and extensions to decide;
- handler: cases in hand, first calls outstanding, replies due, follow-up visits outstanding,
  supervision orders on their cases to answer;
- unit head: the unit's queue, assignments it may still object to, overdue cases;
- leaders: the five duties of the cases they own, re-investigations outstanding on cases they own
  or whose lead unit they supervise.

"Due soon" and "overdue" are the deadline clocks' (``mediation.rules.clocks.clock_state`` with
``mediation.calendar.due_soon_cutoff``), the same as the case page and the live screens. A clock
is open until its meeting event is recorded (``MET_BY``), not only until the sweep marks it met.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseLink
from cases.permissions import Viewer, viewer_for
from cases.rules import status as st
from cases.selectors import case_list_for_user, conduct_q, not_conduct_q
from departments import permissions as perms
from departments.models import Unit
from mediation.calendar import due_soon_cutoff, work_calendar
from mediation.models import ConsultationItem, Extension, Objection, OwnershipDuty, SupervisionOrder, WarningSlip
from mediation.rules import clocks as clock_rules
from mediation.rules import oversight as ov
from mediation.selectors import IN_HAND_STATUSES, PAGE_SIZE, Page, _keyset, _listing
from mediation.selectors.due import open_clocks
from mediation.selectors.escalation import escalated_q
from mediation.services.objections import OBJECTION_WORKING_DAYS

HELD_STATUSES = IN_HAND_STATUSES | {st.SIGNED_OFF}
"""A handler's case until the reply is delivered (the signed-off reply is theirs to deliver)."""
OPEN_STATUSES = frozenset(st.ALL_STATUSES - st.TERMINAL_STATUSES)
"""Every status not closed, the services' own included (a booked consultation is open)."""
OBJECTABLE = frozenset({st.ASSIGNED, st.IN_PROGRESS})


# --- the deadline clocks, as the case page reads them ------------------------------------------


@dataclass(frozen=True)
class DueWindow:
    """Today and the first due date that is not "due soon" (``mediation.calendar.due_soon_cutoff``)."""

    today: date
    not_soon_from: date

    @classmethod
    def now(cls) -> "DueWindow":
        today = timezone.localdate()
        return cls(today, due_soon_cutoff(today))

    @property
    def soon_until(self) -> date:
        return clock_rules.due_soon_last_day(self.not_soon_from)

    def state(self, due_on: date | None) -> str:
        """ "overdue", "due_soon" or "" (running or no open clock): ``clock_state`` of the earliest open clock."""
        if due_on is None:
            return ""
        state = clock_rules.clock_state(due_on, self.today, self.not_soon_from)
        return "" if state == clock_rules.RUNNING else state


def urgent_q(window: DueWindow, clocks=None) -> Q:
    """Cases with an open clock due soon or overdue (any clock, or those named)."""
    return Q(pk__in=open_clocks(clocks).filter(due_on__lt=window.not_soon_from).values("case_id"))


def overdue_q(window: DueWindow, clocks=None) -> Q:
    """Cases with an open clock past its due date."""
    return Q(pk__in=open_clocks(clocks).filter(due_on__lt=window.today).values("case_id"))


def due_soon_q(window: DueWindow) -> Q:
    """Cases whose worst open clock is due soon (an overdue one makes the case overdue instead)."""
    return urgent_q(window) & ~overdue_q(window)


# --- the lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    """One list: its key (also the page parameter), its title, what it says when empty, its cases."""

    key: str
    role: Promise
    title: Promise
    empty: Promise
    condition: Q


def _clerk(viewer: Viewer, visible: QuerySet[Case]) -> list[Todo]:
    scopes = []
    if viewer.units_of_kind(Unit.Kind.PETITION_OFFICE, perms.REGISTER_CASES):
        scopes.append(not_conduct_q())
    if viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES):
        scopes.append(conduct_q())
    if not scopes:
        return []
    scope = scopes[0] if len(scopes) == 1 else scopes[0] | scopes[1]
    # A link counts only when its earlier case is visible too (as on the desk page).
    links = CaseLink.objects.filter(state=CaseLink.State.DETECTED, earlier__in=visible.values("pk"))
    role = _("Petition office")
    return [
        Todo(
            "routing",
            role,
            _("Routing to confirm"),
            _("No case waits for its routing."),
            # A governance case is not routed by the petition office: the governance office dispatches it.
            scope & Q(status=st.REGISTERED) & ~Q(service="governance"),
        ),
        Todo(
            "links",
            role,
            _("Repeat links to decide"),
            _("No detected repeat waits for a decision."),
            Q(pk__in=links.values("case_id")),
        ),  # 代办 (二（三）, issue 17): residents who asked for a proxy agent and have none yet.
        Todo(
            "proxy_requested",
            role,
            _("Residents asking for a proxy agent"),
            _("No resident waits for a proxy agent."),
            scope & Q(proxy_requested=True, proxy__isnull=True) & Q(status__in=OPEN_STATUSES),
        ),
    ]


def _governance(viewer: Viewer) -> list[Todo]:
    """The governance office: incidents and high-risk screened disputes waiting to be dispatched."""
    if not viewer.units_of_kind(Unit.Kind.GOVERNANCE_OFFICE, perms.WORK_UNIT_CASES):
        return []
    return [
        Todo(
            "dispatch",
            _("Governance office"),
            _("Incidents to dispatch"),
            _("No incident waits to be dispatched."),
            Q(service="governance", status__in=[st.REGISTERED, st.ROUTED, st.REOPENED]),
        )
    ]


def _signer(viewer: Viewer) -> list[Todo]:
    todos = []
    role = _("Director") if viewer.is_director else _("Signing by delegation")
    if viewer.is_director or "assignment" in viewer.delegated:
        todos.append(
            Todo(
                "sign_assignment",
                role,
                _("Assignments to sign"),
                _("No case waits for the assignment sign-off."),
                Q(status__in=[st.ROUTED, st.REOPENED]),
            )
        )
    if viewer.is_director or "completion" in viewer.delegated:
        todos.append(
            Todo(
                "sign_completion",
                role,
                _("Completions to sign"),
                _("No reply waits for the completion sign-off."),
                Q(status=st.AWAITING_SIGNOFF),
            )
        )
    if viewer.is_director:
        pending = Extension.objects.filter(decided_at__isnull=True)
        todos += [
            Todo("objections", role, _("Objections to decide"), _("No objection is pending."), Q(status=st.OBJECTED)),
            Todo(
                "extensions",
                role,
                _("Extensions to decide"),
                _("No extension request is pending."),
                Q(pk__in=pending.values("case_id")),
            ),
        ]
    return todos


def _handler(viewer: Viewer, window: DueWindow) -> list[Todo]:
    if not viewer.units(perms.WORK_UNIT_CASES):
        return []
    mine = Q(routing__picked_by_id=viewer.user_id)
    role = _("Handler")
    return [
        Todo("in_hand", role, _("Cases in hand"), _("You hold no case."), mine & Q(status__in=HELD_STATUSES)),
        Todo(
            "first_calls",
            role,
            _("First calls to make"),
            _("No first call is outstanding."),
            mine & Q(status=st.IN_PROGRESS) & Q(pk__in=open_clocks(["first_contact"]).values("case_id")),
        ),
        Todo(
            "replies_due",
            role,
            _("Replies due soon or overdue"),
            _("No reply is due soon."),
            mine & Q(status__in=HELD_STATUSES) & urgent_q(window, ["reply"]),
        ),
        Todo(
            "follow_ups",
            role,
            _("Follow-up visits to make"),
            _("No follow-up visit is outstanding."),
            mine & Q(status=st.REPLIED),
        ),
        Todo(  # 二（一） 督办: the handler answers for the unit too (issue 17).
            "orders_to_answer",
            role,
            _("Supervision orders on your cases to answer"),
            _("No supervision order waits on your cases."),
            mine & Q(pk__in=SupervisionOrder.objects.filter(answered_at__isnull=True).values("case_id")),
        ),
    ]


def objection_window_opens(today: date) -> date:
    """The earliest assignment day whose 5 working days for an objection still run today."""
    calendar = work_calendar()
    day = today
    for _step in range(4 * OBJECTION_WORKING_DAYS + 30):  # bounded: the longest holiday is 8 days
        if calendar.add_working_days(day - timedelta(days=1), OBJECTION_WORKING_DAYS) < today:
            break
        day -= timedelta(days=1)
    return day


def _head(viewer: Viewer, window: DueWindow) -> list[Todo]:
    units = viewer.units(perms.MANAGE_UNIT_CASES)
    if not units:
        return []
    ours = Q(routing__lead_unit_id__in=units)
    opens = objection_window_opens(window.today)
    since = timezone.make_aware(datetime.combine(opens, time.min))
    objected = Objection.objects.filter(
        case=OuterRef("pk"), unit_id=OuterRef("routing__lead_unit_id"), raised_at__gte=OuterRef("routing__assigned_at")
    )
    role = _("Unit head")
    return [
        Todo(
            "unit_queue",
            role,
            _("The unit's queue"),
            _("No case waits in the unit's queue."),
            ours & Q(routing__queued_at__isnull=False, routing__picked_by__isnull=True, status__in=st.QUEUE_STATUSES),
        ),
        Todo(
            "objection_window",
            role,
            _("Assignments you may still object to"),
            _("No assignment is within its objection period."),
            ours & Q(status__in=OBJECTABLE, routing__assigned_at__gte=since) & ~Exists(objected),
        ),
        Todo(
            "supervision_orders",
            role,
            _("Supervision orders to answer"),
            _("No supervision order waits for the unit's answer."),
            ours & Q(pk__in=SupervisionOrder.objects.filter(answered_at__isnull=True).values("case_id")),
        ),
        Todo(
            "overdue",
            role,
            _("Overdue in the unit"),
            _("No case of the unit is overdue."),
            ours & Q(status__in=OPEN_STATUSES) & overdue_q(window),
        ),
    ]


def _leader(viewer: Viewer, window: DueWindow) -> list[Todo]:
    if viewer.leader_id is None:
        return []
    all_done = (
        OwnershipDuty.objects.values("case_id")
        .annotate(done=Count("duty", distinct=True))
        .filter(done__gte=len(ov.DUTIES))
        .values("case_id")
    )
    owned = Q(routing__owner_id=viewer.leader_id)
    answerable = owned | Q(routing__lead_unit_id__in=viewer.supervised) if viewer.supervised else owned
    open_slips = WarningSlip.objects.filter(closed_at__isnull=True)
    role = _("Owning leader")
    return [
        Todo(
            "duties",
            role,
            _("Five duties outstanding"),
            _("Every case you own has its five duties recorded."),
            owned & escalated_q() & Q(status__in=OPEN_STATUSES) & ~Q(pk__in=all_done),
        ),
        Todo(
            "reinvestigations",
            role,
            _("Re-investigations outstanding"),
            _("No warning slip is open on your cases."),
            answerable & Q(pk__in=open_slips.values("case_id")),
        ),  # 二（一） 分管领导督办: what is late or due soon in the units the leader supervises (issue 17).
        Todo(
            "supervised_urgent",
            _("Supervising leader"),
            _("Late or due soon in the units you supervise"),
            _("Nothing is late or due soon in the units you supervise."),
            answerable & Q(status__in=OPEN_STATUSES) & urgent_q(window),
        ),
        Todo(
            "orders_issued",
            _("Supervising leader"),
            _("Your supervision orders awaiting an answer"),
            _("Every supervision order you issued is answered."),
            Q(
                pk__in=SupervisionOrder.objects.filter(answered_at__isnull=True, issued_by_id=viewer.user_id).values(
                    "case_id"
                )
            ),
        ),
    ]


def _actions(viewer: Viewer) -> list[Todo]:
    """每周一会商: the actions the person owns from a weekly consultation, not done yet (issue 17)."""
    mine = ConsultationItem.objects.filter(action_owner_id=viewer.user_id, action_done_at__isnull=True).exclude(
        action=""
    )
    todos = []
    if viewer.proxy_agent_id is not None:
        # 代办 (二（三）): the open cases the person carries as proxy agent.
        todos.append(
            Todo(
                "proxy_cases",
                _("Proxy agent"),
                _("Cases you carry for residents"),
                _("You carry no open case."),
                Q(proxy__agent_id=viewer.proxy_agent_id) & Q(status__in=OPEN_STATUSES),
            )
        )
    if not viewer.member_of:
        return todos  # consultation actions go to the unit's members only
    return [
        *todos,
        Todo(
            "consultation_actions",
            _("Weekly consultation"),
            _("Actions decided at the weekly consultation"),
            _("No consultation action waits for you."),
            Q(pk__in=mine.values("case_id")),
        ),
    ]


def todos_for(viewer: Viewer | None, visible: QuerySet[Case], window: DueWindow) -> list[Todo]:
    """The person's lists, in the order of the day's work."""
    if viewer is None:
        return []
    return [
        *_clerk(viewer, visible),
        *_governance(viewer),
        *_signer(viewer),
        *_handler(viewer, window),
        *_head(viewer, window),
        *_leader(viewer, window),
        *_actions(viewer),
    ]


# --- reads ----------------------------------------------------------------------------------------


@dataclass
class TodoList:
    todo: Todo
    count: int
    page: Page | None = None

    @property
    def key(self) -> str:
        return self.todo.key


def todo_counts(user, *, viewer: Viewer | None = None) -> list[TodoList]:
    """Each of the person's lists with its count: one query for all of them."""
    viewer = viewer or viewer_for(user)
    visible = case_list_for_user(user, viewer=viewer)
    todos = todos_for(viewer, visible, DueWindow.now())
    if not todos:
        return []
    # Prefixed: a key named like a relation ("routing") would hide it from the conditions.
    counts = visible.aggregate(**{f"todo_{todo.key}": Count("pk", filter=todo.condition) for todo in todos})
    return [TodoList(todo, counts[f"todo_{todo.key}"] or 0) for todo in todos]


def todo_lists_for_user(
    user, *, cursors: dict[str, str | None] | None = None, limit: int = PAGE_SIZE
) -> list[TodoList]:
    """Each of the person's lists with its count and one page of cases (oldest first).

    ``cursors`` maps a list's key to the cursor of the page wanted (``BadCursor`` if not ours).
    """
    viewer = viewer_for(user)
    cursors = cursors or {}
    lists = todo_counts(user, viewer=viewer)
    visible = case_list_for_user(user, viewer=viewer)
    for item in lists:
        if item.count:
            qs = _listing(visible.filter(item.todo.condition))
            item.page = _keyset(qs, "received_at", cursors.get(item.key), limit)
        else:
            item.page = Page([], None)
    return lists


def todo_total(lists: list[TodoList]) -> int:
    return sum(item.count for item in lists)
