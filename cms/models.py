"""Pages of the public site."""

from django.db import models
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cases.models import Channel


class HomePage(Page):
    """The center's front page: who it is, how to reach it, and the ways in."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("service phone"), max_length=40, blank=True)
    directions = RichTextField(_("how to get here"), blank=True, features=["bold", "link", "ul"])
    service_guide = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("service guide page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("opening_hours"), FieldPanel("phone"), FieldPanel("directions")],
            heading=_("How to reach the center"),
        ),
        FieldPanel("service_guide"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """A page of text written by editors: the service guide, notices, policies."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class CaseFormPage(Page):
    """The online form where residents file a case; editors write its introduction and notice."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    privacy_notice = RichTextField(
        _("personal-data notice"),
        blank=True,
        features=["bold", "link", "ol", "ul"],
        help_text=_("What the center does with the petitioner's personal data; shown above the consent box."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("privacy_notice")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("online case form")

    def serve(self, request, *args, **kwargs):
        # deferred: a models module loads while the app registry fills; intake's views pull in forms
        # that read the organisation, which only works once it is ready.
        from cms.formcache import form_page_response
        from intake.views.public import handle_public_form

        if request.method not in {"GET", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        if request.method == "GET":
            return form_page_response(
                request, page=self, template="cms/case_form_page.html", context=self.get_context(request)
            )
        return handle_public_form(
            request,
            template="cms/case_form_page.html",
            context=self.get_context(request),
            channel=Channel.ONLINE,
            done_url_name="intake:online-done",
        )
