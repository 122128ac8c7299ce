"""Queue tickets and their counters move here from intake; the tables stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("lobby", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="jointreceptionalert",
                    name="case",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="joint_reception_alert",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                migrations.CreateModel(
                    name="QueueTicket",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "service",
                            models.CharField(
                                choices=[
                                    ("petition", "petition"),
                                    ("complaint", "complaint or report"),
                                    ("legal_consultation", "legal consultation"),
                                    ("legal_aid", "legal aid"),
                                    ("mediation", "mediation"),
                                    ("governance", "governance"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("day", models.DateField()),
                        ("number", models.PositiveIntegerField()),
                        ("prefix", models.CharField(max_length=2)),
                        ("issued_at", models.DateTimeField()),
                        ("status", models.CharField(db_index=True, default="waiting", max_length=20)),
                        (
                            "case",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="ticket",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "intake_queueticket",
                    },
                ),
                migrations.AlterField(
                    model_name="ticketcall",
                    name="ticket",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="calls", to="lobby.queueticket"
                    ),
                ),
                migrations.AlterField(
                    model_name="ticketstate",
                    name="ticket",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="lobby_state",
                        serialize=False,
                        to="lobby.queueticket",
                    ),
                ),
                migrations.CreateModel(
                    name="TicketCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("service", models.CharField(max_length=30)),
                        ("day", models.DateField()),
                        ("last", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "intake_ticketcounter",
                        "constraints": [
                            models.UniqueConstraint(fields=("service", "day"), name="one_counter_per_service_day")
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="queueticket",
                    constraint=models.UniqueConstraint(
                        fields=("service", "day", "number"), name="one_ticket_number_per_day"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
