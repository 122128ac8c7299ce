"""A report's own fields (举报): its category, and whether it is anonymous with the reporter's passphrase.

The public form (online, kiosk, the API) and the petition-office desk check them alike
(``passphrase_errors``, ``anonymous_errors``), so that a report registered from a letter, a call
or a visit is stored and routed as one filed online.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ReportCategory
from intake import rules


def passphrase_errors(passphrase: str, confirm: str | None) -> list[tuple[str, str]]:
    """(field, message) for an anonymous report's passphrase; ``confirm`` None skips the second typing."""
    passphrase = (passphrase or "").strip()
    if not passphrase:
        return [("passphrase", _("Choose a passphrase: with the tracking code it lets you follow the report."))]
    if len(passphrase) < rules.PASSPHRASE_MIN_LENGTH:
        message = _("The passphrase needs at least %(min)d characters.") % {"min": rules.PASSPHRASE_MIN_LENGTH}
        return [("passphrase", message)]
    if len(passphrase) > rules.PASSPHRASE_MAX_LENGTH:
        message = _("The passphrase may have at most %(max)d characters.") % {"max": rules.PASSPHRASE_MAX_LENGTH}
        return [("passphrase", message)]
    if confirm is not None and passphrase != (confirm or "").strip():
        return [("passphrase_confirm", _("The two passphrases differ. Type the same one twice."))]
    return []


def anonymous_errors(cleaned: dict) -> list[tuple[str, str]]:
    """(field, message) for a filing marked anonymous: only a report, and with a good passphrase."""
    errors = []
    if cleaned.get("service") and not rules.may_be_anonymous(cleaned["service"]):
        errors.append(("anonymous", _("Only a report (complaint or report) can be filed anonymously.")))
    return errors + passphrase_errors(cleaned.get("passphrase") or "", cleaned.get("passphrase_confirm") or "")


def _passphrase_field(label):
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        # Never sent back in a page: after an error the reporter types it again.
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": rules.PASSPHRASE_MAX_LENGTH}),
    )


class DeskReportFields(forms.Form):
    """The desk's report fields: what the report is about, and anonymity with the reporter's passphrase."""

    report_category = forms.ChoiceField(
        label=_("What is the report about?"),
        choices=ReportCategory.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For a report not about an official's conduct: it goes to the unit in charge of such matters."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous report: the reporter gives no name, phone, ID number or address"),
        required=False,
    )
    passphrase = _passphrase_field(_("Passphrase chosen by the reporter"))
    passphrase_confirm = _passphrase_field(_("The passphrase again"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passphrase"].help_text = _(
            "At least %(min)d characters, typed by the reporter or read out by them. It is kept only as a hash: "
            "tell the reporter that nobody can look it up or reset it."
        ) % {"min": rules.PASSPHRASE_MIN_LENGTH}

    def clean_report_fields(self, cleaned: dict) -> None:
        """Check an anonymous report (call from ``clean``); a category is kept only for a report."""
        if not rules.may_be_anonymous(cleaned.get("service") or ""):
            cleaned["report_category"] = ""
        if not cleaned.get("anonymous"):
            cleaned["passphrase"] = cleaned["passphrase_confirm"] = ""
            return
        for name, message in anonymous_errors(cleaned):
            self.add_error(name, message)
        if cleaned.get("wants_ticket"):
            self.add_error(
                "wants_ticket",
                _("An anonymous reporter takes no queue ticket: the report is followed with its code and passphrase."),
            )
