"""The petition-office desk: register letters, calls and visits; see and decide repeats."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import CaseNotFound
from cases.permissions import viewer_for
from cases.selectors import case_get_for_user, case_list_for_user
from departments.selectors import user_may_register_cases
from intake import selectors, validators
from intake.forms import DeskCaseForm, PetitionerFormSet
from intake.printing import receipt_token
from intake.services import case_file, case_link_decide
from intake.tokens import form_token_check, form_token_new
from mediation.selectors.petitioners import petitioners_of


def desk_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not user_may_register_cases(request.user):
            raise Http404("not a desk user")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@desk_required
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST" and request.POST.get("add_petitioner"):
        form, people = _with_another_petitioner(request.POST)
    elif request.method == "POST":
        form = DeskCaseForm(request.POST, request.FILES)
        people = PetitionerFormSet(request.POST, prefix="p")
        token = form_token_check(request.POST.get("token", ""))
        if token is None:
            form.add_error(None, _("The form had expired. Check the entries, attach the files again and register."))
            form.data = form.data.copy()
            form.data["token"] = form_token_new()
        # An anonymous report names nobody: the petitioner rows are neither checked nor kept.
        elif form.is_valid() and (form.is_anonymous or people.is_valid()):
            petitioners = [] if form.is_anonymous else [f.petitioner() for f in people.forms if f.cleaned_data]
            filed = case_file(
                data=form.case_input(petitioners),
                files=form.cleaned_data["attachments"],
                actor=request.user,
                submission_token=token,
            )
            if not case_list_for_user(request.user).filter(pk=filed.case.pk).exists():
                # A conduct complaint goes straight to the discipline office: the clerk
                # gets the code for the petitioner's slip, nothing more.
                receipt = receipt_token(filed.case, request.user)
                context = {"case": filed.case, "receipt": receipt}
                return render(request, "intake/desk/registered_confidential.html", context)
            return redirect("intake:desk-case", code=filed.case.tracking_code)
        if form.is_anonymous:
            people = PetitionerFormSet(prefix="p")  # nothing typed there is kept, nor asked for
    else:
        form = DeskCaseForm(initial={"token": form_token_new(), "group_size": 1, "channel": "visit"})
        people = PetitionerFormSet(prefix="p")
    return render(request, "intake/desk/register.html", {"form": form, "people": people})


def _with_another_petitioner(data):
    """Without JavaScript: redisplay the entries, unvalidated, with one more petitioner row."""
    fields = PetitionerFormSet.form.base_fields
    try:
        total = min(int(data.get("p-TOTAL_FORMS", "1")), 49)
    except ValueError:
        total = 1
    rows = [{name: data.get(f"p-{i}-{name}", "") for name in fields} for i in range(total)]
    initial = {
        name: (data.getlist(name) if name in {"accused_units", "accused_persons"} else data.get(name)) for name in data
    }
    initial["token"] = data.get("token") or form_token_new()
    return DeskCaseForm(initial=initial), PetitionerFormSet(prefix="p", initial=[*rows, {}])


@desk_required
@require_GET
def case_detail(request, code: str):
    case = case_get_for_user(request.user, code=code)
    return render(
        request,
        "intake/desk/case.html",
        {
            "case": case,
            "petitioners": petitioners_of(case, viewer=viewer_for(request.user)),
            "links": selectors.case_links_for(case, user=request.user),
            "times_raised": selectors.repeat_count_for_user(case, request.user),
            "attachments": case.attachments.all(),
            "ticket": getattr(case, "ticket", None),
        },
    )


@desk_required
@require_POST
def link_decide(request, code: str, link_id: int):
    case = case_get_for_user(request.user, code=code)
    link = selectors.case_link_get_for_user(request.user, case=case, link_id=link_id)
    try:
        case_link_decide(link=link, confirm=request.POST.get("decision") == "confirm", actor=request.user)
    except CaseNotFound as missing:
        raise Http404("no such link") from missing
    return redirect("intake:desk-case", code=case.tracking_code)


@desk_required
@require_POST
def earlier(request):
    """Earlier cases of a phone or ID number, shown while the clerk types (POST: no numbers in URLs)."""
    phone = id_number = ""
    errors = []
    try:
        if request.POST.get("phone", "").strip():
            phone = validators.phone_clean(request.POST["phone"])
        if request.POST.get("id_number", "").strip():
            id_number = validators.id_number_clean(request.POST["id_number"])
    except ValidationError as error:
        errors = error.messages
    cases = [] if errors else selectors.earlier_cases_for(phone=phone, id_number=id_number, user=request.user)
    return render(request, "intake/desk/earlier.html", {"cases": cases, "errors": errors})


@login_required
@require_GET
def attachment_download(request, code: str, attachment_id: int):
    """A case's file, to staff who may see the case, always as a download."""
    case = case_get_for_user(request.user, code=code)
    attachment = get_object_or_404(case.attachments, pk=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
