"""The petitioner at hand on the staff case page: who raised the case, and their other cases.

The other cases go through THE visibility rule (``cases.selectors.case_list_for_user``): a case
the viewer may not see (a conduct complaint about their unit, above all) is not listed, and is
not counted either.
"""

from django.db.models import Q, QuerySet

from cases.models import Case, Petitioner
from cases.permissions import Viewer, reporter_identity_visible, viewer_for
from cases.selectors import case_list_for_user, reporter_hidden_q

OTHER_CASES_LIMIT = 20


def petitioners_of(case: Case, *, viewer: Viewer | None) -> list[Petitioner]:
    """The case's petitioners the viewer may know, the primary one first (a group visit has several).

    None of a report's, for anyone but those who handle it (``reporter_identity_visible``)."""
    if not reporter_identity_visible(viewer, case):
        return []
    return list(case.petitioners.select_related("village"))


def other_cases_of_petitioners(
    user, petitioners: list[Petitioner], *, case: Case, viewer: Viewer | None = None, limit: int = OTHER_CASES_LIMIT
) -> QuerySet[Case]:
    """The other cases of the same people (same phone or ID number) that ``user`` may see, newest first.

    A report whose reporter the viewer may not know is left out: listed here it would name them."""
    viewer = viewer or viewer_for(user)
    phones = {p.phone for p in petitioners if p.phone}
    id_numbers = {p.id_number for p in petitioners if p.id_number}
    if not phones and not id_numbers:
        return Case.objects.none()
    match = Q(pk__in=Petitioner.objects.filter(Q(phone__in=phones) | Q(id_number__in=id_numbers)).values("case_id"))
    return (
        case_list_for_user(user, viewer=viewer)
        .filter(match)
        .exclude(reporter_hidden_q(viewer))
        .exclude(pk=case.pk)
        .only("tracking_code", "status", "received_at", "service", "request")
        .order_by("-received_at")[:limit]
    )
