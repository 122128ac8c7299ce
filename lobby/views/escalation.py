"""Recording a later escalation from the case page (issue 17): the lobby's service, since a group
or extreme visit calls the heads down at once (一（三））."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lobby.services import case_escalation_record
from mediation.forms.escalation import EscalationForm
from mediation.views.common import act


@login_required
@require_POST
def escalation_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: case_escalation_record(case=case, actor=request.user, **d),
        form_class=EscalationForm,
        form_name="escalation.escalation_form",
        success=_("The escalation is recorded; the case is leader-led."),
    )
