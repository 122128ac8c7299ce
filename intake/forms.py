"""Forms of intake: the public form (online and kiosk) and the petition-office desk."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Channel, ReportCategory, Service
from departments.models import Unit, Village
from departments.selectors import accusable_people
from intake import rules, validators
from intake.attachments import MAX_FILES, attachments_check
from intake.report_fields import DeskReportFields, anonymous_errors
from intake.services import CaseInput, PetitionerInput

REQUEST_MAX = 5000
NAME_MAX = 40
ADDRESS_MAX = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        return attachments_check(files)


class CleanTextMixin:
    """Free-text fields pass through validators.text_clean (control and invisible characters, length)."""

    text_limits: dict[str, tuple[int, bool]] = {}

    def _clean_texts(self, cleaned):
        for name, (limit, multiline) in self.text_limits.items():
            value = cleaned.get(name)
            if value:
                try:
                    cleaned[name] = validators.text_clean(value, max_length=limit, multiline=multiline)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


def _text_field(label, limit, *, required=True, multiline=False, help_text="", required_message=None):
    # max_length is enforced by text_clean with a clearer message; the widget still caps typing.
    widget = (
        forms.Textarea(attrs={"rows": 6, "maxlength": limit})
        if multiline
        else forms.TextInput(attrs={"maxlength": limit})
    )
    errors = {"required": required_message} if required_message else {}
    return forms.CharField(
        label=label, required=required, widget=widget, help_text=help_text, strip=True, error_messages=errors
    )


class PetitionerFields(forms.Form):
    name = _text_field(_("Name"), NAME_MAX, required_message=_("Please enter your name."))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        error_messages={"required": _("Please enter a phone number the center can call.")},
    )
    id_number = forms.CharField(
        label=_("ID number (optional)"), max_length=30, required=False, help_text=_("18 characters")
    )
    village = forms.ModelChoiceField(
        label=_("Village or community"), queryset=Village.objects.all(), required=False, empty_label="—"
    )
    address = _text_field(_("Address (optional)"), ADDRESS_MAX, required=False)

    def clean_phone(self):
        return validators.phone_clean(self.cleaned_data["phone"])

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return validators.id_number_clean(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        for name, limit in (("name", NAME_MAX), ("address", ADDRESS_MAX)):
            if cleaned.get(name):
                try:
                    cleaned[name] = validators.text_clean(cleaned[name], max_length=limit, multiline=False)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def petitioner(self) -> PetitionerInput:
        d = self.cleaned_data
        return PetitionerInput(
            name=d["name"], phone=d["phone"], id_number=d["id_number"], village=d["village"], address=d["address"]
        )


# One line under each service on the public form and the kiosk, so that a villager can choose.
SERVICE_HINTS = {
    Service.PETITION: _(
        "Raise a problem or a request with the subdistrict; the unit in charge looks into it and answers in writing."
    ),
    Service.COMPLAINT: _(
        "Complain about wrongdoing, or report an official's conduct; the reporter's identity is kept confidential."
    ),
    Service.LEGAL_CONSULTATION: _(
        "Ask a lawyer about contracts, marriage and family, work or land questions, answered on the spot."
    ),
    Service.LEGAL_AID: _("A free lawyer for those who cannot afford one; decided within 7 days."),
    Service.MEDIATION: _(
        "Disputes between neighbours, family members, over land or debts: a mediator helps both sides agree."
    ),
    Service.GOVERNANCE: _("Public order, safety hazards or the environment in your village or community."),
}


class PublicCaseForm(CleanTextMixin, PetitionerFields):
    """What a resident fills in, online or at the kiosk."""

    text_limits = {"request": (REQUEST_MAX, True), "accused_description": (200, False)}

    service = forms.ChoiceField(
        label=_("What do you need?"),
        choices=Service.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what you need.")},
    )
    request = _text_field(
        _("What happened, and what do you ask for?"),
        REQUEST_MAX,
        multiline=True,
        required_message=_("Please describe your matter."),
        help_text=_("Describe the facts, the place and time, and what you want the center to do."),
    )
    group_size = forms.IntegerField(
        label=_("How many people come with this matter?"), min_value=1, max_value=500, initial=1
    )
    is_conduct_complaint = forms.BooleanField(
        label=_("This is about the conduct of a subdistrict or village official"), required=False
    )
    accused_description = _text_field(_("About whom (name, post or unit)"), 200, required=False)
    report_category = forms.ChoiceField(
        label=_("What is the report about?"),
        choices=[("", "—"), *ReportCategory.choices],
        required=False,
        help_text=_("For a report only: it goes straight to the unit in charge of such matters."),
    )
    # Name and phone are required of a named filer only (``clean``): an anonymous report has neither.
    name = _text_field(_("Name"), NAME_MAX, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    anonymous = forms.BooleanField(
        label=_("File this report anonymously, without name or phone"),
        required=False,
        help_text=_(
            "Only for a report. Nothing that names you is kept; you follow the report with its tracking code "
            "and a passphrase you choose."
        ),
    )
    passphrase = forms.CharField(
        label=_("Passphrase (anonymous report)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": rules.PASSPHRASE_MAX_LENGTH}),
    )
    passphrase_confirm = forms.CharField(
        label=_("The passphrase again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": rules.PASSPHRASE_MAX_LENGTH}),
    )
    consent = forms.BooleanField(
        label=_("I have read the personal-data notice and agree that the center uses my data to handle this case."),
        error_messages={"required": _("Please accept the personal-data notice, or the case cannot be filed.")},
    )
    sms_opt_out = forms.BooleanField(label=_("Send me no SMS about this case"), required=False)
    proxy_requested = forms.BooleanField(
        label=_("I would like a proxy agent to carry this case for me (free of charge)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "proxy-hint"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, allow_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passphrase"].help_text = _(
            "At least %(min)d characters. Write it down: nobody can look it up or reset it, not even the center."
        ) % {"min": rules.PASSPHRASE_MIN_LENGTH}
        if allow_files:
            self.fields["attachments"] = MultipleFileField(
                label=_("Attachments (optional)"),
                help_text=_("Images or PDF, at most %(count)d files of 10 MB each.") % {"count": MAX_FILES},
                widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
            )

    def service_tiles(self):
        """The service radios, each with its one-line explanation."""
        return [(radio, SERVICE_HINTS.get(radio.data["value"], "")) for radio in self["service"]]

    def errors_for(self, names) -> dict[str, list[str]]:
        """The errors of the named fields only: a kiosk step checks its own fields before moving on."""
        self.is_valid()
        return {name: list(self.errors[name]) for name in names if name in self.fields and name in self.errors}

    def _anonymous_requested(self) -> bool:
        """The anonymous box as posted (read before the fields after name and phone are cleaned)."""
        if not self.is_bound:
            return False
        widget = self.fields["anonymous"].widget
        return bool(widget.value_from_datadict(self.data, self.files, self.add_prefix("anonymous")))

    def clean_phone(self):
        # An anonymous report keeps no phone, whatever was typed; a named one needs a valid one.
        value = self.cleaned_data.get("phone", "")
        if self._anonymous_requested() or not value:
            return ""
        return validators.phone_clean(value)

    def clean_id_number(self):
        return "" if self._anonymous_requested() else super().clean_id_number()

    def clean(self):
        cleaned = self._clean_texts(super().clean())
        if cleaned.get("is_conduct_complaint") and not cleaned.get("accused_description"):
            self.add_error("accused_description", _("Say whom the complaint is about."))
        if cleaned.get("anonymous"):
            self._clean_anonymous(cleaned)
        else:
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", _("Please enter your name, or file a report anonymously."))
            if not cleaned.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("Please enter a phone number the center can call."))
        return cleaned

    def _clean_anonymous(self, cleaned) -> None:
        """An anonymous report: nothing that names the reporter is kept, and a passphrase is chosen."""
        for name in ("name", "phone", "id_number", "address"):
            cleaned[name] = ""
        for name, message in anonymous_errors(cleaned):
            self.add_error(name, message)

    def case_input(self, *, channel: str, wants_ticket: bool = False) -> CaseInput:
        d = self.cleaned_data
        anonymous = bool(d.get("anonymous"))
        return CaseInput(
            channel=channel,
            service=d["service"],
            request=d["request"],
            petitioners=[] if anonymous else [self.petitioner()],
            consent=d["consent"],
            group_size=d["group_size"] or 1,
            is_conduct_complaint=d["is_conduct_complaint"],
            accused_description=d.get("accused_description", ""),
            village=d.get("village") if anonymous else None,
            wants_ticket=wants_ticket and not anonymous,
            anonymous=anonymous,
            passphrase=(d.get("passphrase") or "").strip() if anonymous else "",
            report_category=d.get("report_category") or "",
            sms_opt_out=bool(d.get("sms_opt_out")) and not anonymous,
            proxy_requested=bool(d.get("proxy_requested")) and not anonymous,
        )


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class DeskCaseForm(CleanTextMixin, DeskReportFields):
    """What a petition-office clerk registers from a letter, a call or a visit (a report too, named or
    anonymous: ``DeskReportFields``)."""

    text_limits = {"request": (REQUEST_MAX, True), "accused_description": (200, False)}

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, label) for c, label in Channel.choices if c in {Channel.VISIT, Channel.LETTER, Channel.PHONE}],
        widget=forms.RadioSelect,
    )
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices, widget=forms.RadioSelect)
    request = _text_field(_("Request"), REQUEST_MAX, multiline=True)
    group_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=500,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    skip_level = forms.BooleanField(label=_("Already taken to the city, the province or Beijing"), required=False)
    extreme_behaviour = forms.BooleanField(
        label=_("Extreme behaviour observed (shouting, sit-in, refusing to leave)"), required=False
    )
    is_conduct_complaint = forms.BooleanField(label=_("Complaint about an official's conduct"), required=False)
    accused_description = _text_field(_("About whom"), 200, required=False)
    # Checkboxes, not a ctrl-click multi-select: a clerk ticks them with mouse or keyboard, and
    # desk.js adds a filter box above each list.
    accused_units = forms.ModelMultipleChoiceField(
        label=_("Units complained about"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accused_persons = PersonMultipleChoiceField(
        label=_("People complained about"),
        queryset=accusable_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("The petitioner was told of the personal-data notice and agreed"),
        error_messages={"required": _("The personal-data notice must be accepted before registering.")},
    )
    wants_ticket = forms.BooleanField(label=_("Give a queue ticket (waiting in the lobby)"), required=False)
    sms_opt_out = forms.BooleanField(label=_("The petitioner wants no SMS about this case"), required=False)
    proxy_requested = forms.BooleanField(label=_("The petitioner asks for a proxy agent"), required=False)
    sms_phone = forms.CharField(
        label=_("Another mobile number for SMS (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    attachments = MultipleFileField(
        label=_("Scanned letter or documents"),
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = self._clean_texts(super().clean())
        if cleaned.get("is_conduct_complaint") and not (
            cleaned.get("accused_description") or cleaned.get("accused_units") or cleaned.get("accused_persons")
        ):
            self.add_error("accused_description", _("Say whom the complaint is about."))
        if cleaned.get("wants_ticket") and cleaned.get("channel") != Channel.VISIT:
            self.add_error("wants_ticket", _("Only a visitor in the lobby takes a queue ticket."))
        self.clean_report_fields(cleaned)
        if cleaned.get("sms_opt_out") and cleaned.get("sms_phone"):
            self.add_error("sms_phone", _("No SMS was asked for: leave the SMS number empty."))
        return cleaned

    def clean_sms_phone(self):
        return validators.sms_phone_clean(self.cleaned_data.get("sms_phone", ""))

    @property
    def is_anonymous(self) -> bool:
        """Whether the clerk registers an anonymous report (as posted: the petitioners are then left out)."""
        return bool(self.is_bound and self.fields["anonymous"].widget.value_from_datadict(self.data, {}, "anonymous"))

    def case_input(self, petitioners: list[PetitionerInput]) -> CaseInput:
        d = self.cleaned_data
        anonymous = bool(d.get("anonymous"))
        petitioners = [] if anonymous else petitioners
        return CaseInput(
            channel=d["channel"],
            service=d["service"],
            request=d["request"],
            petitioners=petitioners,
            consent=d["consent"],
            group_size=max(d["group_size"] or 1, len(petitioners)),
            is_conduct_complaint=d["is_conduct_complaint"],
            accused_description=d.get("accused_description", ""),
            skip_level=d["skip_level"],
            extreme_behaviour=d["extreme_behaviour"],
            accused_units=list(d.get("accused_units") or []),
            accused_persons=list(d.get("accused_persons") or []),
            wants_ticket=d["wants_ticket"] and not anonymous,
            anonymous=anonymous,
            passphrase=(d.get("passphrase") or "").strip() if anonymous else "",
            report_category=d.get("report_category") or "",
            sms_opt_out=d["sms_opt_out"] or anonymous,
            sms_phone="" if anonymous else d["sms_phone"],
            proxy_requested=d["proxy_requested"] and not anonymous,
        )


class WalkInConsultationForm(CleanTextMixin, PetitionerFields):
    """A resident who walks up to the legal-service window with a question (issue 16)."""

    text_limits = {"request": (2000, True)}

    request = _text_field(_("The question"), 2000, multiline=True)
    consent = forms.BooleanField(
        label=_("The resident was told of the personal-data notice and agreed"),
        error_messages={"required": _("The personal-data notice must be accepted before registering.")},
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].widget.attrs["rows"] = 3

    def clean(self):
        return self._clean_texts(super().clean())

    def case_input(self) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            channel=Channel.VISIT,
            service=Service.LEGAL_CONSULTATION,
            request=d["request"],
            petitioners=[self.petitioner()],
            consent=d["consent"],
            village=d["village"],
        )


PetitionerFormSet = forms.formset_factory(PetitionerFields, extra=0, min_num=1, validate_min=True, max_num=50)


class TrackForm(forms.Form):
    """A case is followed with its code and the phone's last four digits; an anonymous report with its
    code and passphrase."""

    code = forms.CharField(label=_("Tracking code"), max_length=30)
    phone_last4 = forms.CharField(
        label=_("Last four digits of the phone"),
        required=False,
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    passphrase = forms.CharField(
        label=_("or, for an anonymous report, its passphrase"),
        required=False,
        strip=False,
        max_length=rules.PASSPHRASE_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean_phone_last4(self):
        value = self.cleaned_data["phone_last4"]
        if value and not value.isdigit():
            raise ValidationError(_("Enter the four digits."))
        return value

    def clean(self):
        cleaned = super().clean()
        if "phone_last4" in self.errors:
            return cleaned
        if not cleaned.get("phone_last4") and not (cleaned.get("passphrase") or "").strip():
            self.add_error(
                "phone_last4", _("Enter the last four digits of the phone, or the passphrase of an anonymous report.")
            )
        return cleaned
