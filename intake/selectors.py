"""Reads behind filing and tracking: the public tracking lookup, repeat links and a person's earlier
cases, with who-may-see-what applied by ``cases.selectors``."""

import hmac

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from cases.models import Case, CaseEvent, CaseLink, Petitioner
from cases.permissions import reporter_identity_visible, viewer_for
from cases.rules.tracking import tracking_code_normalise
from cases.selectors import case_list_for_user, reporter_hidden_q
from intake.rules import repeat_count_for


def case_get_public(*, code: str, phone_last4: str = "", passphrase: str = "") -> Case | None:
    """The case for the public tracking page, or None.

    A named case opens with the last four digits of a petitioner's phone; an anonymous report
    with its passphrase (checked against the stored hash). A wrong phone or passphrase, or the
    one where the other is expected, answers exactly like a code that does not exist, and takes
    about as long: a passphrase is hashed whether or not the code exists.
    """
    normalised = tracking_code_normalise(code)
    passphrase = (passphrase or "").strip()
    phone_ok = len(phone_last4) == 4 and phone_last4.isdigit()
    case = None
    if normalised is not None and (phone_ok or passphrase):
        case = (
            Case.objects.filter(tracking_code=normalised)
            .prefetch_related(
                Prefetch("petitioners", queryset=Petitioner.objects.only("case_id", "phone", "is_primary")),
                Prefetch(
                    "events",
                    queryset=CaseEvent.objects.filter(public=True).order_by("at", "pk"),
                    to_attr="public_events",
                ),
            )
            .first()
        )
    matches = False
    if passphrase:
        # Always one hash, so that a missing code and a wrong passphrase cost the same.
        if case is not None and case.is_anonymous:
            matches = check_password(passphrase, case.passphrase_hash)
        else:
            make_password(passphrase)
    if case is None:
        return None
    if case.is_anonymous:
        return case if matches else None
    if not phone_ok or not any(hmac.compare_digest(p.phone[-4:], phone_last4) for p in case.petitioners.all()):
        return None
    return case


def case_links_for(case: Case, *, user) -> QuerySet[CaseLink]:
    """The case's links to earlier cases that ``user`` may see.

    A case the person may not see (a complaint about an official, above all) neither links nor
    counts for them: its code must not reach them through a repeat link. Nor does a report whose
    reporter they may not know, either way: a link matches people by phone or ID number.
    """
    viewer = viewer_for(user)
    if not reporter_identity_visible(viewer, case):
        return CaseLink.objects.none()
    return (
        case.links.filter(earlier__in=_linkable(user, viewer))
        .select_related("earlier")
        .order_by("-earlier__received_at")
    )


def _linkable(user, viewer):
    """The cases whose repeat links ``user`` may follow: those they may see, but hidden reports."""
    return case_list_for_user(user, viewer=viewer).exclude(reporter_hidden_q(viewer)).values("pk")


def case_link_get_for_user(user, *, case: Case, link_id: int) -> CaseLink:
    """One link of ``case``, or Http404 alike for a missing link and one to a hidden earlier case."""
    link = case_links_for(case, user=user).filter(pk=link_id).first()
    if link is None:
        raise Http404("no such link")
    return link


def repeat_count_for_user(case: Case, user, *, max_depth: int = 20) -> int:
    """Times raised, as shown to ``user``: counted over the earlier cases they may see.

    Two counts are kept apart on purpose:

    - ``Case.repeat_count`` (stored) is the escalation count: every earlier raising of the
      matter, whoever may see it, because the rulebook's "repeat petition (3 or more)" counts
      them all. The rules (routing, escalation, warning slips) read it; no page shows it.
    - this function is the displayed count: the same chain rule (``rules.repeat_count_for``)
      walked only through non-undone links to cases the viewer may see. A hidden earlier case
      adds nothing, and neither does the chain behind it.
    """
    viewer = viewer_for(user)
    if not reporter_identity_visible(viewer, case):
        return 1  # how often the reporter raised it before would point at them
    visible = _linkable(user, viewer)
    earlier_of: dict[int, list[int]] = {}
    frontier, seen = {case.pk}, {case.pk}
    for _level in range(max_depth):
        rows = (
            CaseLink.objects.filter(case_id__in=frontier, earlier__in=visible)
            .exclude(state=CaseLink.State.UNDONE)
            .values_list("case_id", "earlier_id")
        )
        frontier = set()
        for case_id, earlier_id in rows:
            earlier_of.setdefault(case_id, []).append(earlier_id)
            if earlier_id not in seen:
                seen.add(earlier_id)
                frontier.add(earlier_id)
        if not frontier:
            break
    counted: dict[int, int] = {}

    def count(pk: int, depth: int = 0) -> int:
        if pk not in counted:
            earlier = earlier_of.get(pk, []) if depth < max_depth else []
            counted[pk] = repeat_count_for(len(earlier), [count(e, depth + 1) for e in earlier])
        return counted[pk]

    return count(case.pk)


def earlier_cases_for(*, phone: str = "", id_number: str = "", user, limit: int = 20) -> QuerySet[Case]:
    """Earlier cases of the same person (by phone or ID number) that ``user`` may see; never a report
    whose reporter they may not know (the search would name them)."""
    match = Q()
    if phone:
        match |= Q(petitioners__phone=phone)
    if id_number:
        match |= Q(petitioners__id_number=id_number)
    if not match:
        return Case.objects.none()
    viewer = viewer_for(user)
    visible = case_list_for_user(user, viewer=viewer).exclude(reporter_hidden_q(viewer))
    return visible.filter(match).distinct().order_by("-received_at")[:limit]
