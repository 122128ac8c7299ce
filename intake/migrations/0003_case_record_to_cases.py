"""The case record left intake for ``cases`` (and tickets for ``lobby``). State only: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_case_accused_pending"),
        ("lobby", "0002_queue_tickets_from_intake"),
        ("mediation", "0008_case_record_to_cases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="attachment",
                    name="case",
                ),
                migrations.RemoveConstraint(
                    model_name="case",
                    name="case_group_size_positive",
                ),
                migrations.RemoveIndex(
                    model_name="caseevent",
                    name="intake_case_case_id_3e1bb6_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="caselink",
                    name="one_link_per_pair",
                ),
                migrations.RemoveConstraint(
                    model_name="petitioner",
                    name="one_primary_petitioner",
                ),
                migrations.RemoveConstraint(
                    model_name="queueticket",
                    name="one_ticket_number_per_day",
                ),
                migrations.RemoveConstraint(
                    model_name="ticketcounter",
                    name="one_counter_per_service_day",
                ),
                migrations.DeleteModel(
                    name="TicketCounter",
                ),
                migrations.DeleteModel(
                    name="Attachment",
                ),
                migrations.RemoveField(
                    model_name="case",
                    name="accused_persons",
                ),
                migrations.RemoveField(
                    model_name="case",
                    name="accused_units",
                ),
                migrations.RemoveField(
                    model_name="case",
                    name="kiosk",
                ),
                migrations.RemoveField(
                    model_name="case",
                    name="registered_by",
                ),
                migrations.RemoveField(
                    model_name="case",
                    name="village",
                ),
                migrations.RemoveField(
                    model_name="caseevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="caseevent",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="caselink",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="caselink",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="caselink",
                    name="earlier",
                ),
                migrations.RemoveField(
                    model_name="petitioner",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="petitioner",
                    name="village",
                ),
                migrations.RemoveField(
                    model_name="queueticket",
                    name="case",
                ),
                migrations.DeleteModel(
                    name="Kiosk",
                ),
                migrations.DeleteModel(
                    name="CaseEvent",
                ),
                migrations.DeleteModel(
                    name="CaseLink",
                ),
                migrations.DeleteModel(
                    name="Petitioner",
                ),
                migrations.DeleteModel(
                    name="Case",
                ),
                migrations.DeleteModel(
                    name="QueueTicket",
                ),
            ],
            database_operations=[],
        ),
    ]
