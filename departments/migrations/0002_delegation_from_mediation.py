"""The director's delegations move here from mediation; the table stays as it is."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0001_initial"),
        ("mediation", "0007_clocks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Delegation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "scope",
                            models.CharField(
                                choices=[("assignment", "assignment sign-off"), ("completion", "completion sign-off")],
                                max_length=20,
                                verbose_name="scope",
                            ),
                        ),
                        ("valid_from", models.DateField(verbose_name="valid from")),
                        ("valid_until", models.DateField(verbose_name="valid until")),
                        ("created_at", models.DateTimeField(verbose_name="recorded at")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked at")),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "director",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="delegations_given",
                                to="departments.leader",
                                verbose_name="director",
                            ),
                        ),
                        (
                            "leader",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="delegations",
                                to="departments.leader",
                                verbose_name="leader",
                            ),
                        ),
                        (
                            "revoked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "delegation",
                        "verbose_name_plural": "delegations",
                        "db_table": "mediation_delegation",
                        "ordering": ["-valid_from", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["leader", "scope", "valid_from"], name="mediation_d_leader__b10789_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("valid_until__gte", models.F("valid_from"))),
                                name="delegation_period",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
