"""The people's mediation section of the staff case page (``{% mediation_section %}``).

The case page (``mediation``, below this app) includes ``peoples_mediation/includes/section.html``,
which calls this tag: it reads the mediation file and offers the forms the person may use now
(``permissions.mediation_actions``, the same answer the services give).
"""

from django import template

from peoples_mediation import forms
from peoples_mediation.permissions import SERVICE, mediation_actions
from peoples_mediation.selectors import mediation_file

register = template.Library()

FORMS = {
    "add_party": ("party_form", lambda case: forms.PartyForm()),
    "choose_mediator": ("mediator_form", lambda case: forms.MediatorChoiceForm(case=case)),
    "record_consent": ("consent_form", lambda case: forms.ConsentForm(case=case)),
    "schedule_session": ("schedule_form", lambda case: forms.SessionScheduleForm()),
    "record_session": ("session_form", lambda case: forms.SessionRecordForm(case=case)),
    "record_agreement": ("agreement_form", lambda case: forms.AgreementForm(case=case)),
    "record_failure": ("failure_form", lambda case: forms.FailureForm()),
    "record_performance": ("performance_form", lambda case: forms.PerformanceForm(case=case)),
    "record_confirmation": ("confirmation_form", lambda case: forms.ConfirmationForm()),
}


@register.inclusion_tag("peoples_mediation/includes/mediation.html", takes_context=True)
def mediation_section(context):
    request, case = context["request"], context["case"]
    if case.service != SERVICE:
        return {"shown": False}
    file = mediation_file(case)
    actions = mediation_actions(request.user, case, file.stage)
    section = {"shown": True, "case": case, "file": file, "actions": actions, "csrf_token": context.get("csrf_token")}
    for action in actions:
        name, build = FORMS[action]
        section[name] = build(case)
    if "record_consent" in actions and not file.parties:
        section.pop("consent_form")
    if "record_session" in actions and not any(s.held_on is None for s in file.sessions):
        section.pop("session_form")
    if file.agreement is not None and file.agreement.confirmation:
        section.pop("confirmation_form", None)
    return section
