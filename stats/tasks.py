"""Background work of the statistics (django-tasks): counting a kept page again (``stats.kept``)."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone, translation

from stats.dimensions import BY_CODE
from stats.kept import figures_count, figures_prepare
from stats.rules.periods import period_parse
from stats.scope import stats_scope_for


@task()
def figures_refresh(user_id: int, period_code: str, dimension_code: str, language: str) -> float | None:
    """Count a page's figures again as ``user_id`` reads them and keep them; the seconds it took, or
    None when that person no longer reads statistics."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    scope = stats_scope_for(user) if user is not None else None
    if scope is None:
        return None
    with translation.override(language):
        figures = figures_count(
            scope, period_parse(period_code), BY_CODE[dimension_code], today=timezone.localdate(), keep=True
        )
    return figures.took


@task()
def figures_prepare_task() -> int:
    """``stats.kept.figures_prepare`` for today, in the worker; how many pages it counted."""
    return figures_prepare(today=timezone.localdate())
