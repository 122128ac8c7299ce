"""The deadline clocks section of the staff case page, and the extension forms it posts."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from mediation import permissions
from mediation.calendar import work_calendar
from mediation.clocktext import (
    PROVISIONAL_MARK,
    clock_basis,
    clock_explanation,
    clock_label,
    state_label,
    waiting_row,
)
from mediation.models import CaseClock, Extension
from mediation.rules import clocks as rules
from mediation.selectors.todo import open_clocks
from mediation.services.clocks import case_extension_request, case_waiting_clocks, extension_decide, live_state
from mediation.services.legal_aid import case_legal_aid_decide
from mediation.views.common import act


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("Days to extend (at most 30)"), min_value=1)
    reason = forms.CharField(
        label=gettext_lazy("Reason (told to the petitioner)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionDecisionForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[(APPROVE, gettext_lazy("Approve the extension")), (REFUSE, gettext_lazy("Refuse the extension"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (required when refusing)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LegalAidDecisionForm(forms.Form):
    GRANT, REFUSE = "grant", "refuse"
    decision = forms.ChoiceField(
        label=pgettext_lazy("legal aid", "Decision"),
        choices=[(GRANT, gettext_lazy("Grant legal aid")), (REFUSE, gettext_lazy("Refuse legal aid"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (required when refusing)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def clocks_context(request, case, *, actions: frozenset[str] | None = None) -> dict:
    """Everything the clocks include shows: each clock with its rule, the extensions, the forms the person may use."""
    today = timezone.localdate()
    calendar = work_calendar()
    extensions = list(Extension.objects.filter(case=case).select_related("requested_by", "decided_by"))
    approved = next((e for e in reversed(extensions) if e.decision == Extension.Decision.APPROVED), None)
    clocks = []
    still_open = Exists(open_clocks().filter(pk=OuterRef("pk")))  # met once its event is recorded, as every list
    for c in CaseClock.objects.filter(case=case).annotate(still_open=still_open).order_by("due_on", "pk"):
        state = live_state(c, today, calendar) if c.still_open or c.met_at else rules.MET
        clocks.append(
            {
                "clock": c,
                "state": state,
                "label": clock_label(c.clock),
                "state_label": state_label(state),
                "basis": clock_basis(c.policy_code, c.basis),
                "explanation": clock_explanation(c, approved if c.extended else None),
            }
        )
    stored = {row["clock"].clock for row in clocks}
    clocks += [waiting_row(clock) for clock in case_waiting_clocks(case) if clock not in stored]
    pending = next((e for e in extensions if e.decided_at is None), None)
    if actions is None:
        actions = permissions.clock_actions(request.user, case)
    context = {
        "clocks": clocks,
        "clock_extensions": extensions,
        "clock_pending_extension": pending,
        "clock_provisional_mark": PROVISIONAL_MARK,
    }
    if "request_extension" in actions:
        context["extension_request_form"] = ExtensionRequestForm()
    if "decide_extension" in actions:
        context["extension_decision_form"] = ExtensionDecisionForm()
    if "decide_legal_aid" in actions:
        context["legal_aid_decision_form"] = LegalAidDecisionForm()
    return {"clocks_section": context}


@login_required
@require_POST
def extension_request(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_extension_request(case=case, actor=request.user, days=d["days"], reason=d["reason"]),
        form_class=ExtensionRequestForm,
        form_name="clocks_section.extension_request_form",
        success=_("The extension is requested; the director will decide."),
    )


@login_required
@require_POST
def extension_decision(request, code: str):
    return act(
        request,
        code,
        lambda case, d: extension_decide(
            case=case, actor=request.user, approve=d["decision"] == ExtensionDecisionForm.APPROVE, note=d["note"]
        ),
        form_class=ExtensionDecisionForm,
        form_name="clocks_section.extension_decision_form",
        success=_("The extension is decided."),
    )


@login_required
@require_POST
def legal_aid_decision(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_legal_aid_decide(
            case=case, actor=request.user, granted=d["decision"] == LegalAidDecisionForm.GRANT, reason=d["reason"]
        ),
        form_class=LegalAidDecisionForm,
        form_name="clocks_section.legal_aid_decision_form",
        success=_("The legal-aid decision is recorded."),
    )
