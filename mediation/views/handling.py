"""The handling section of the case page: 一问一核实, notes, the reply, follow-up, reopening, history.

``handling_context`` gives the case page what the section needs; the POST views each run one
service through ``act`` (a case the person may not see is a 404, like a missing one).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases.errors import ActionRefused
from cases.models import Case
from cases.permissions import reporter_identity_visible, viewer_for
from cases.rules import status as st
from cases.selectors import case_get_for_user
from mediation import history, permissions, selectors, services
from mediation.forms import handling as hf
from mediation.letters import reply_filename, reply_pdf
from mediation.models import Contact, Reply
from mediation.rules import reopening
from mediation.services.handling import current_reply, reopen_last_day
from mediation.services.reply import SECTIONS, reply_for_public, section_labels
from mediation.views.common import act
from web import ratelimit

PUBLIC_SALT = "one-window.mediation.public-reply"
PUBLIC_MAX_AGE = 30 * 60


def handling_context(request, case, *, actions: frozenset[str] | None = None) -> dict:
    """Everything the handling section of the case page shows (one helper for the case view).

    ``actions``: what ``permissions.case_actions_for`` answered, when the caller already asked.
    """
    if actions is None:
        actions = permissions.handling_actions(request.user, case)
    reply = current_reply(case)
    routing = getattr(case, "routing", None)
    labels = section_labels()
    context = {
        "handling_actions": actions,
        "contacts": case.contacts.order_by("at", "pk"),
        "notes": case.handling_notes.select_related("author", "to_unit").order_by("at", "pk"),
        "reply": reply,
        "reply_sections": [(labels[n], getattr(reply, n)) for n in SECTIONS] if reply else [],
        "follow_ups": case.follow_ups.order_by("at", "pk"),
        "reopen_last_day": reopen_last_day(case) if reply else None,
    }
    # Once the first call is recorded its form folds away and the reply's form opens.
    context["first_call_done"] = any(c.kind == Contact.Kind.FIRST_CONTACT for c in context["contacts"])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    if "record_first_contact" in actions:
        context["first_contact_form"] = hf.FirstContactForm(initial={"made_by": str(request.user), "at": now})
    if "record_site_visit" in actions:
        context["site_visit_form"] = hf.SiteVisitForm(initial={"made_by": str(request.user), "at": now})
    if "add_note" in actions:
        units = routing.assisting_units.all() if routing else None
        context["note_form"] = hf.NoteForm(units=units)
    if "draft_reply" in actions:
        context["reply_form"] = hf.ReplyForm(initial=hf.ReplyForm.initial_for(case, reply))
    if "return_reply" in actions:
        context["return_form"] = hf.ReasonForm()
    if "deliver_reply" in actions:
        context["deliver_form"] = hf.DeliverForm(initial={"delivered_on": timezone.localdate().isoformat()})
    if "record_follow_up" in actions:
        context["follow_up_form"] = hf.FollowUpForm(initial={"made_by": str(request.user), "at": now})
    if "reopen" in actions:
        context["reopen_form"] = hf.ReasonForm()
    return context


# --- POST actions ---------------------------------------------------------------------------------


@login_required
@require_POST
def first_contact(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_first_contact_record(
            case=case,
            actor=request.user,
            at=d["at"],
            learned=d["learned"],
            made_by=d["made_by"],
            request_clear=d["request_clear"],
        ),
        form_class=hf.FirstContactForm,
        form_name="first_contact_form",
        success=_("The phone call is recorded."),
    )


@login_required
@require_POST
def site_visit(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_site_visit_record(
            case=case, actor=request.user, at=d["at"], place=d["place"], learned=d["learned"], made_by=d["made_by"]
        ),
        form_class=hf.SiteVisitForm,
        form_name="site_visit_form",
        success=_("The on-site verification is recorded."),
    )


def _assisting(case):
    routing = getattr(case, "routing", None)
    return {"units": routing.assisting_units.all() if routing else None}


@login_required
@require_POST
def note_add(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_note_add(case=case, actor=request.user, text=d["text"], to_unit=d.get("to_unit")),
        form_class=hf.NoteForm,
        form_name="note_form",
        form_kwargs=_assisting,
        success=_("The note is recorded."),
    )


@login_required
@require_POST
def reply_draft(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reply_draft(case=case, actor=request.user, sections=d),
        form_class=hf.ReplyForm,
        form_name="reply_form",
        success=_("The reply is saved."),
    )


@login_required
@require_POST
def reply_submit(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reply_submit(case=case, actor=request.user),
        success=_("The reply is submitted for the completion signature."),
    )


@login_required
@require_POST
def reply_return(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reply_return(case=case, actor=request.user, reason=d["reason"]),
        form_class=hf.ReasonForm,
        form_name="return_form",
        success=_("The reply was returned for revision."),
    )


@login_required
@require_POST
def completion_sign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_completion_sign(case=case, actor=request.user),
        success=_("Completion signed: the reply can be delivered."),
    )


@login_required
@require_POST
def reply_deliver(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reply_deliver(
            case=case, actor=request.user, method=d["method"], delivered_on=d["delivered_on"]
        ),
        form_class=hf.DeliverForm,
        form_name="deliver_form",
        success=_("The delivery is recorded; the petitioner can read the reply on the tracking page."),
    )


@login_required
@require_POST
def follow_up(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_follow_up_record(
            case=case,
            actor=request.user,
            at=d["at"],
            method=d["method"],
            satisfaction=d["satisfaction"],
            comments=d["comments"],
            made_by=d["made_by"],
        ),
        form_class=hf.FollowUpForm,
        form_name="follow_up_form",
        success=_("The follow-up visit is recorded."),
    )


@login_required
@require_POST
def reopen(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reopen(case=case, actor=request.user, reason=d["reason"]),
        form_class=hf.ReasonForm,
        form_name="reopen_form",
        success=_("The case is reopened and waits for the director's assignment signature."),
    )


@login_required
@require_POST
def close(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_close(case=case, actor=request.user),
        success=_("The case is closed."),
    )


# --- reading: the PDF, the history ---------------------------------------------------------------


def _pdf_response(reply: Reply, *, named: bool = True) -> HttpResponse:
    response = HttpResponse(reply_pdf(reply, named=named), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reply_filename(reply)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def reply_letter(request, code: str):
    """The current reply as a PDF letter, for staff who may see the case (a draft is marked so)."""
    case = case_get_for_user(request.user, code=code)
    reply = current_reply(case)
    if reply is None:
        raise Http404("no reply yet")
    return _pdf_response(reply, named=reporter_identity_visible(viewer_for(request.user), case))


@login_required
@require_GET
def case_history(request, code: str):
    """The case's audit trail, readable, for everyone who may see the case."""
    case = case_get_for_user(request.user, code=code)
    entries = history.history_entries(selectors.case_history(case), service=case.service)
    return render(request, "mediation/case_history.html", {"case": case, "entries": entries})


# --- the public side: the tracking page -------------------------------------------------------------


def public_reply_context(case: Case | None) -> dict:
    """For the tracking page, after the code and phone were checked: the delivered reply, a short-lived
    link to its PDF, and the reopening form while the period runs."""
    if case is None:
        return {}
    reply = reply_for_public(case)
    if reply is None:
        return {}
    labels = section_labels()
    context = {
        "public_reply": reply,
        "public_reply_sections": [(labels[n], getattr(reply, n)) for n in SECTIONS],
        "public_reply_pdf": reverse(
            "mediation:public-reply-pdf",
            args=[signing.TimestampSigner(salt=PUBLIC_SALT).sign(f"{case.pk}.{reply.pk}")],
        ),
        "reopen_last_day": reopening.reopen_last_day(reply.delivered_on),
    }
    if case.status in {st.REPLIED, st.FOLLOW_UP_DONE} and reopening.may_reopen(
        reply.delivered_on, timezone.localdate()
    ):
        token = signing.TimestampSigner(salt=PUBLIC_SALT + ".reopen").sign(str(case.pk))
        context["public_reopen_form"] = hf.PublicReopenForm(initial={"token": token})
    return context


def _unsign(value: str, salt: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=salt).unsign(value or "", max_age=PUBLIC_MAX_AGE)
    except signing.BadSignature:
        return None


@never_cache
@require_GET
def public_reply_letter(request, token: str):
    """The delivered reply's PDF for the petitioner: the link is signed and short-lived, never the code."""
    value = _unsign(token, PUBLIC_SALT)
    if value is None:
        raise Http404("no such reply")
    case_id, _sep, reply_id = value.partition(".")
    reply = Reply.objects.filter(pk=reply_id, case_id=case_id, delivered_on__isnull=False).first()
    if reply is None:
        raise Http404("no such reply")
    return _pdf_response(reply)


@never_cache
@require_POST
def public_reopen(request):
    """The petitioner, identified on the tracking page, reopens the case within the period."""
    if not ratelimit.allow(ratelimit.TRACK, ratelimit.client_address(request)):
        return render(request, "intake/too_many.html", status=429)
    form = hf.PublicReopenForm(request.POST)
    case_id = _unsign(request.POST.get("token", ""), PUBLIC_SALT + ".reopen")
    case = Case.objects.filter(pk=case_id).first() if case_id and case_id.isdigit() else None
    if case is None:
        messages.error(request, _("This page has expired. Look up your case again."))
        return redirect("intake:track")
    if not form.is_valid():
        messages.error(request, _("Please say why you are not satisfied (at most 2000 characters)."))
    else:
        try:
            services.case_reopen(case=case, actor=None, reason=form.cleaned_data["reason"], by_petitioner=True)
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your case is reopened. The center will handle it again."))
    return redirect(f"{reverse('intake:track')}?code={case.tracking_code}")
