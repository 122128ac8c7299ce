"""The discipline office's intake: conduct complaints whose accused it confirms or corrects."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import case_get_for_user
from departments.models import Unit
from departments.selectors import accusable_people
from mediation import permissions, selectors, services
from mediation.views.common import act
from mediation.views.queues import _page


class AccusedForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units complained about"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    persons = forms.ModelMultipleChoiceField(
        label=gettext_lazy("People complained about"), queryset=accusable_people(), required=False
    )


def _case_for_confirming(request, code: str):
    case = case_get_for_user(request.user, code=code)
    if not permissions.may_confirm_accused(request.user, case):
        raise Http404("not for the discipline office")
    return case


@login_required
@require_GET
def accused_intake(request):
    page = _page(request, "after", lambda after: selectors.accused_intake(request.user, after=after))
    return render(request, "mediation/accused_intake.html", {"page": page})


@login_required
@require_GET
def accused_form(request, code: str):
    case = _case_for_confirming(request, code)
    form = AccusedForm(initial={"units": list(case.accused_units.all()), "persons": list(case.accused_persons.all())})
    return render(request, "mediation/accused_form.html", {"case": case, "form": form})


@login_required
@require_POST
def accused_confirm(request, code: str):
    _case_for_confirming(request, code)
    return act(
        request,
        code,
        lambda case, d: services.case_accused_confirm(
            case=case, actor=request.user, units=list(d["units"]), persons=list(d["persons"])
        ),
        form_class=AccusedForm,
        success=_("Whom the complaint is about is confirmed."),
    )
