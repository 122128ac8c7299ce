"""Seed the working-day calendar from the chinesecalendar package (the years it knows)."""

from django.db import migrations


def seed(apps, schema_editor):
    from mediation.calendar_source import holiday_names, official_calendar_data

    CalendarYear = apps.get_model("mediation", "CalendarYear")
    CalendarDay = apps.get_model("mediation", "CalendarDay")
    holidays, workdays, years = official_calendar_data()
    names = holiday_names()
    for year in sorted(years):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "chinesecalendar"})
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind="holiday", name=names.get(d, "")[:40]) for d in sorted(holidays) if d not in existing]
        + [CalendarDay(date=d, kind="adjusted_workday", name=names.get(d, "")[:40]) for d in sorted(workdays) if d not in existing],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
