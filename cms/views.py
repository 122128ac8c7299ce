"""Entry points of the public site that are not pages themselves."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.views import serve as wagtail_serve
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from cms import formcache
from cms.models import CaseFormPage


def file_entry(request):
    """/file/: the live online form page, wherever editors put it in the page tree."""
    page = CaseFormPage.objects.live().first()
    if page is None:
        raise Http404("the online form is not published")
    return redirect(page.url)


def page_serve(request, path):
    """Wagtail's page serving, with the online form answered from its cache when it can be: the
    GET's whole page, and for the POST the page that Wagtail's routing would find."""
    if request.method == "GET":
        response = formcache.cached_response(request)
        if response is not None:
            return response
    elif request.method == "POST" and (page := formcache.cached_page(request)) is not None:
        return _serve_routed(request, page)
    return wagtail_serve(request, path)


def _serve_routed(request, page):
    """What ``wagtail.views.serve`` does once routing found ``page``: its hooks, then the page.

    Wagtail's own view-restriction check is left out: a cached page has no view restriction (the
    cache keeps none that has one, and forgets every copy when a restriction is added).
    """
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is not check_view_restrictions:
            chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})
