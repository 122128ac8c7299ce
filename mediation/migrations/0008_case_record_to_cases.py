"""Case handling's links now point at ``cases``; routing and delegations left this app. State only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("departments", "0002_delegation_from_mediation"),
        ("mediation", "0007_clocks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="delegation",
                    name="mediation_d_leader__b10789_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="delegation",
                    name="delegation_period",
                ),
                migrations.AlterField(
                    model_name="reply",
                    name="signed_under",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="departments.delegation",
                    ),
                ),
                migrations.RemoveIndex(
                    model_name="routing",
                    name="routing_queue",
                ),
                migrations.RemoveIndex(
                    model_name="routing",
                    name="routing_in_hand",
                ),
                migrations.RemoveIndex(
                    model_name="routing",
                    name="routing_picked_by",
                ),
                migrations.AlterField(
                    model_name="assistfinding",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="assist_findings", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="caseclock",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clocks",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseconference",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="conferences", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="contacts", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="extension",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extensions",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                migrations.AlterField(
                    model_name="followup",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="follow_ups", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="handlingnote",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="handling_notes", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="objection",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="objections", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="ownershipduty",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="ownership_duties", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="reinvestigationreport",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reinvestigation_reports",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="reply",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="cases.case"
                    ),
                ),
                migrations.AlterField(
                    model_name="warningslip",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="warning_slips", to="cases.case"
                    ),
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="assisting_units",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="confirmed_by",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="kind_set_by",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="lead_unit",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="line_office",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="picked_by",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="signed_by",
                ),
                migrations.RemoveField(
                    model_name="routing",
                    name="signed_under",
                ),
                migrations.DeleteModel(
                    name="Delegation",
                ),
                migrations.DeleteModel(
                    name="Routing",
                ),
            ],
            database_operations=[],
        ),
    ]
