"""Entry points of the public site that are not pages themselves."""

from django.http import Http404
from django.shortcuts import redirect

from cms.models import CaseFormPage


def file_entry(request):
    """/file/: the live online form page, wherever editors put it in the page tree."""
    page = CaseFormPage.objects.live().first()
    if page is None:
        raise Http404("the online form is not published")
    return redirect(page.url)
