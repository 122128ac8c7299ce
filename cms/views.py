"""Entry points of the public site that are not pages themselves."""

from django.http import Http404
from django.shortcuts import redirect
from wagtail.views import serve as wagtail_serve

from cms import formcache
from cms.models import CaseFormPage


def file_entry(request):
    """/file/: the live online form page, wherever editors put it in the page tree."""
    page = CaseFormPage.objects.live().first()
    if page is None:
        raise Http404("the online form is not published")
    return redirect(page.url)


def page_serve(request, path):
    """Wagtail's page serving, with the online form's GET answered from its cache when it can be."""
    if request.method == "GET":
        response = formcache.cached_response(request)
        if response is not None:
            return response
    return wagtail_serve(request, path)
