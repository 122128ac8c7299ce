"""Search and filters of the all-cases list: a django-filter FilterSet on Wagtail's own widgets.

The filters narrow what the visibility rule already allowed (the list's queryset comes from
``cases.selectors``); none of them widens it. Search looks for every word (AND) in the tracking
code (with or without dashes), the petitioners' names, phones and ID numbers (not a report's, for
anyone but those who handle it), the village and the request text. On PostgreSQL the request text
and names are served by trigram indexes (``mediation/migrations/0009_case_search_trigram.py``);
elsewhere the same ``icontains`` scans.
"""

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import SuffixedMultiWidget
from wagtail.admin.active_filters import BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from cases.models import Case, Channel, Petitioner, Service
from cases.rules import status as st
from cases.rules.tracking import CODE_PREFIX, tracking_code_normalise
from departments.models import Leader, Unit

# Until the reply is delivered, a case past its reply date is overdue.
AWAITING_REPLY = st.ALL_STATUSES - {st.REPLIED, st.FOLLOW_UP_DONE, st.CLOSED, st.WITHDRAWN}
MAX_TERMS = 5
TRIGRAM = 3
REPEAT_FROM = 3  # times raised, as ``Case.is_repeat``


class YesNoFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter reads "已超期: 是", not Python's "True"."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=str(_("yes") if self.value else _("no")))


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)


def _term_q(term: str, hidden_people: Q) -> Q:
    """One word, anywhere a person would look a case up by: the ids of a union of indexed lookups.

    A union rather than an OR: on PostgreSQL each branch uses its own trigram index, where one OR
    across tables makes the planner scan every case.
    """
    # A trigram index cannot serve words under three characters: PostgreSQL then reads the whole
    # index, slower than reading the table. ``contains`` (no UPPER) does not match the index.
    lookup = "icontains" if len(term) >= TRIGRAM else "contains"
    found = Case.objects.filter(**{f"request__{lookup}": term}).values("pk").order_by()
    villages = Case.objects.filter(village__name__icontains=term).values("pk").order_by()
    people = Q(**{f"name__{lookup}": term})
    compact = re.sub(r"[\s\-]", "", term).upper()
    branches = [villages]
    if compact.isascii() and compact.isalnum():
        if compact.startswith(CODE_PREFIX):
            branches.append(Case.objects.filter(tracking_code__startswith=compact).values("pk").order_by())
        elif len(compact) >= 5 and not compact.isdigit():
            branches.append(Case.objects.filter(tracking_code__contains=compact).values("pk").order_by())
        if len(compact) >= 4:
            people |= Q(id_number__icontains=compact)
        if len(compact) >= 4 and compact.isdigit():
            people |= Q(phone__contains=compact)
    # Names, phones and ID numbers of reporters the searcher may not know do not find their reports.
    hidden = Case.objects.filter(hidden_people).values("pk")
    branches.append(Petitioner.objects.filter(people).exclude(case_id__in=hidden).values("case_id").order_by())
    return Q(pk__in=found.union(*branches))


def case_search(queryset: QuerySet[Case], text: str, *, hidden_people: Q) -> QuerySet[Case]:
    """The cases of ``queryset`` that match every word of ``text`` (a whole code: that case only).

    ``hidden_people``: the cases whose petitioners the searcher may not know
    (``cases.selectors.reporter_hidden_q``): their people's names, phones and ID numbers find nothing.
    """
    text = (text or "").strip()
    if not text:
        return queryset
    code = tracking_code_normalise(text)
    if code is not None:
        return queryset.filter(tracking_code=code)
    for term in text.split()[:MAX_TERMS]:
        queryset = queryset.filter(_term_q(term, hidden_people))
    return queryset


class DateRangeWidget(SuffixedMultiWidget):
    """Two native date inputs. Wagtail's ``DateRangePickerWidget`` starts its picker with an inline
    script, which the site's Content Security Policy blocks; the browser's own picker needs none
    and is the one a phone user knows."""

    template_name = "wagtailadmin/widgets/range_input.html"
    suffixes = ["from", "to"]

    def __init__(self, attrs=None):
        widgets = (
            forms.DateInput(attrs={"type": "date", "aria-label": _("Date from")}, format="%Y-%m-%d"),
            forms.DateInput(attrs={"type": "date", "aria-label": _("Date to")}, format="%Y-%m-%d"),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.start, value.stop] if value else [None, None]


def overdue_q(today) -> Q:
    return Q(reply_due_on__lt=today, status__in=AWAITING_REPLY)


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=list(st.ALL_STATUS_LABELS.items()))
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    service = django_filters.ChoiceFilter(label=_("service"), choices=Service.choices)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), field_name="routing__lead_unit", queryset=Unit.objects.filter(is_active=True)
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("owning leader"), field_name="routing__owner", queryset=Leader.objects.select_related("user")
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("received at"), field_name="received_at", widget=DateRangeWidget
    )
    reply_due = django_filters.DateFromToRangeFilter(
        label=_("reply due"), field_name="reply_due_on", widget=DateRangeWidget
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue", widget=BooleanRadioSelect)
    leader_led = django_filters.BooleanFilter(
        label=_("leader-led"), field_name="routing__leader_led", widget=BooleanRadioSelect
    )
    repeat = django_filters.BooleanFilter(label=_("repeat petition"), method="filter_repeat", widget=BooleanRadioSelect)

    class Meta:
        model = Case
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        rule = overdue_q(timezone.localdate())
        return queryset.filter(rule) if value else queryset.exclude(rule)

    def filter_repeat(self, queryset, name, value):
        if value is None:
            return queryset
        repeat = Q(repeat_count__gte=REPEAT_FROM)
        return queryset.filter(repeat) if value else queryset.exclude(repeat)
