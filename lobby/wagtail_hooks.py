"""The lobby in the Wagtail admin: windows and who sits there, lobby displays, the duty roster and
notices. (Joint-reception alerts are raised by the service and shown on the alerts page.)

Saving anything the lobby display shows tells the open displays to refresh; a display's token is
made by the service and shown once.
"""

from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from lobby import services
from lobby.forms import DisplayForm, ServiceWindowForm
from lobby.models import Display, DutyRoster, Notice, ServiceWindow, WindowAssignment


class RefreshingCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.lobby_refresh()
        return instance


class RefreshingEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        services.lobby_refresh()
        return instance


class RefreshingDeleteView(DeleteView):
    def delete_action(self):
        super().delete_action()
        services.lobby_refresh()


class RefreshingViewSet(SnippetViewSet):
    add_view_class = RefreshingCreateView
    edit_view_class = RefreshingEditView
    delete_view_class = RefreshingDeleteView


class ServiceWindowViewSet(RefreshingViewSet):
    model = ServiceWindow
    icon = "desktop"
    menu_label = _("Service windows")
    list_display = [
        "name",
        "code",
        Column("service_labels", label=_("services"), accessor=lambda window: "、".join(window.service_labels)),
        BooleanColumn("is_active", label=_("active")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("code"),
            FieldPanel("services"),
            FieldPanel("sort_order"),
            FieldPanel("is_active"),
        ],
        base_form_class=ServiceWindowForm,
    )


class WindowAssignmentViewSet(RefreshingViewSet):
    model = WindowAssignment
    icon = "user"
    menu_label = _("Window assignments")
    list_display = ["day", "window", "clerk"]
    list_filter = ["window", "day"]


class DisplaySaveMixin:
    """Displays are saved by the service, which makes the token; its address is shown once."""

    def save_instance(self):
        display = self.form.save(commit=False)
        created = display.pk is None
        self.token = services.display_save(display=display, renew_token=self.form.cleaned_data.get("renew_token"))
        log(instance=display, action="wagtail.create" if created else "wagtail.edit", user=self.request.user)
        return display

    def token_message(self):
        return format_html(
            "{} <code>{}</code>",
            gettext("Open this address on the display's screen (it is shown only this once):"),
            self.request.build_absolute_uri(f"/lobby/display/{self.token}/"),
        )


class DisplayCreateView(DisplaySaveMixin, CreateView):
    def get_success_message(self, instance):
        return self.token_message()


class DisplayEditView(DisplaySaveMixin, EditView):
    def get_success_message(self):
        return self.token_message() if getattr(self, "token", None) else super().get_success_message()


class DisplayViewSet(SnippetViewSet):
    model = Display
    icon = "view"
    menu_label = _("Lobby displays")
    list_display = ["name", "last_seen_at", BooleanColumn("is_active", label=_("active"))]
    add_view_class = DisplayCreateView
    edit_view_class = DisplayEditView
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("is_active"), FieldPanel("renew_token")], base_form_class=DisplayForm
    )


class DutyRosterViewSet(RefreshingViewSet):
    model = DutyRoster
    icon = "date"
    menu_label = _("Duty roster")
    list_display = ["date", "leader"]
    list_filter = ["leader"]


class NoticeViewSet(RefreshingViewSet):
    model = Notice
    icon = "info-circle"
    menu_label = _("Lobby notices")
    list_display = ["text", "valid_from", "valid_until"]


class LobbyGroup(SnippetViewSetGroup):
    menu_label = _("Lobby and screens")
    menu_icon = "desktop"
    menu_order = 210
    items = (
        ServiceWindowViewSet,
        WindowAssignmentViewSet,
        DutyRosterViewSet,
        NoticeViewSet,
        DisplayViewSet,
    )


register_snippet(LobbyGroup)
