"""The petitioner at hand on the staff case page: name, phone to call, address, ID number (masked
until someone asks for it, which is recorded), the group, and the person's other cases.

The handler must phone the petitioner within one working day of the assignment (一问): the
panel is shown to everyone who may see the case, handlers included; a report's reporter only to
those who handle it (``cases.permissions.reporter_identity_visible``).
"""

from cases.models import Case
from cases.permissions import Viewer, is_report, reporter_identity_visible
from cases.rules.privacy import mask_id_number
from departments.selectors import user_may_register_cases
from mediation import permissions
from mediation.selectors.petitioners import other_cases_of_petitioners, petitioners_of


def petitioner_context(request, case: Case, *, viewer: Viewer | None, revealed: int | None = None) -> dict:
    """What ``includes/petitioner.html`` shows; ``revealed``: the petitioner whose ID number was asked for."""
    petitioners = petitioners_of(case, viewer=viewer)
    rows = [
        {
            "person": p,
            "id_number": p.id_number if p.pk == revealed else mask_id_number(p.id_number),
            "revealed": p.pk == revealed,
        }
        for p in petitioners
    ]
    return {
        "petitioner_panel": {
            "rows": rows,
            "group": len(rows) > 1 or case.group_size > 1,
            "people": max(len(rows), case.group_size),
            "other_cases": list(other_cases_of_petitioners(request.user, petitioners, case=case, viewer=viewer)),
            "may_reveal": permissions.may_reveal_id(viewer),
            "desk": user_may_register_cases(request.user),
            "anonymous": case.is_anonymous,
            "protected": is_report(case) and not reporter_identity_visible(viewer, case),
        }
    }
