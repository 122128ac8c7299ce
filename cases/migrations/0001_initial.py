"""The case record moves here from intake (cases, petitioners, attachments, links, events,
kiosks) and mediation (routing). Only Django's idea of the models moves: the tables keep their
names and their rows (``db_table``), and the content types (with their permissions) are renamed.
"""

import cases.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (old app label, model) -> new app label: every model that issue 14 moved.
MOVED = {
    ("intake", "case"): "cases",
    ("intake", "petitioner"): "cases",
    ("intake", "attachment"): "cases",
    ("intake", "caselink"): "cases",
    ("intake", "caseevent"): "cases",
    ("intake", "kiosk"): "cases",
    ("mediation", "routing"): "cases",
    ("intake", "queueticket"): "lobby",
    ("intake", "ticketcounter"): "lobby",
    ("mediation", "delegation"): "departments",
}


def content_types_follow(apps, schema_editor, *, moves=MOVED):
    """Rename the moved models' content types, so that permissions granted on them still hold."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for (old_label, model), new_label in moves.items():
        if not ContentType.objects.using(db).filter(app_label=new_label, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old_label, model=model).update(app_label=new_label)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, moves={(new, model): old for (old, model), new in MOVED.items()})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("departments", "0002_delegation_from_mediation"),
        ("intake", "0002_case_accused_pending"),
        ("mediation", "0007_clocks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Case",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "tracking_code",
                            models.CharField(editable=False, max_length=12, unique=True, verbose_name="tracking code"),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("visit", "visit"),
                                    ("kiosk", "lobby kiosk"),
                                    ("letter", "letter"),
                                    ("phone", "phone"),
                                    ("online", "online"),
                                ],
                                max_length=20,
                                verbose_name="channel",
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
                                verbose_name="service",
                            ),
                        ),
                        ("request", models.TextField(max_length=5000, verbose_name="request")),
                        ("group_size", models.PositiveIntegerField(default=1, verbose_name="number of people")),
                        (
                            "is_conduct_complaint",
                            models.BooleanField(default=False, verbose_name="about an official's conduct"),
                        ),
                        (
                            "accused_description",
                            models.CharField(blank=True, max_length=200, verbose_name="about whom"),
                        ),
                        (
                            "accused_pending",
                            models.BooleanField(
                                default=False,
                                help_text="proposed from the free text; until confirmed only the discipline office and the director see it",
                                verbose_name="accused to be confirmed by the discipline office",
                            ),
                        ),
                        (
                            "refer_to_district",
                            models.BooleanField(
                                default=False,
                                help_text="the director or the discipline office (or its head) is among the accused",
                                verbose_name="for the district discipline commission",
                            ),
                        ),
                        (
                            "repeat_count",
                            models.PositiveIntegerField(
                                default=1,
                                help_text="the escalation count (every earlier raising, hidden ones included); pages show the viewer's own",
                                verbose_name="times raised",
                            ),
                        ),
                        ("skip_level", models.BooleanField(default=False, verbose_name="taken past the subdistrict")),
                        (
                            "extreme_behaviour",
                            models.BooleanField(default=False, verbose_name="extreme behaviour observed"),
                        ),
                        (
                            "status",
                            models.CharField(db_index=True, default="registered", max_length=30, verbose_name="status"),
                        ),
                        ("received_at", models.DateTimeField(verbose_name="received at")),
                        ("reply_due_on", models.DateField(verbose_name="reply due")),
                        ("reply_due_provisional", models.BooleanField(default=False)),
                        ("reply_due_basis", models.CharField(blank=True, max_length=300)),
                        ("consent_at", models.DateTimeField(verbose_name="personal-data notice accepted at")),
                        (
                            "submission_token",
                            models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
                        ),
                        (
                            "idempotency_key",
                            models.CharField(blank=True, editable=False, max_length=128, null=True, unique=True),
                        ),
                        ("idempotency_fingerprint", models.CharField(blank=True, editable=False, max_length=64)),
                        (
                            "accused_persons",
                            models.ManyToManyField(
                                blank=True,
                                db_table="intake_case_accused_persons",
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="people complained about",
                            ),
                        ),
                        (
                            "accused_units",
                            models.ManyToManyField(
                                blank=True,
                                db_table="intake_case_accused_units",
                                related_name="+",
                                to="departments.unit",
                                verbose_name="units complained about",
                            ),
                        ),
                        (
                            "registered_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cases",
                                to="departments.village",
                                verbose_name="village",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "case",
                        "verbose_name_plural": "cases",
                        "db_table": "intake_case",
                        "ordering": ["-received_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Kiosk",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=60, unique=True, verbose_name="name")),
                        ("secret_hash", models.CharField(blank=True, editable=False, max_length=128)),
                        ("enrollment_hash", models.CharField(blank=True, editable=False, max_length=128)),
                        (
                            "enrolled_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="enrolled at"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "kiosk",
                        "verbose_name_plural": "kiosks",
                        "db_table": "intake_kiosk",
                    },
                ),
                migrations.CreateModel(
                    name="Attachment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("file", models.FileField(storage=cases.models.get_private_storage, upload_to="cases/%Y/%m/")),
                        ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                        ("content_type", models.CharField(max_length=40)),
                        ("size", models.PositiveIntegerField()),
                        ("sha256", models.CharField(max_length=64)),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="cases.case"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attachment",
                        "verbose_name_plural": "attachments",
                        "db_table": "intake_attachment",
                        "ordering": ["pk"],
                    },
                ),
                migrations.AddField(
                    model_name="case",
                    name="kiosk",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="cases",
                        to="cases.kiosk",
                    ),
                ),
                migrations.CreateModel(
                    name="Petitioner",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=40, verbose_name="name")),
                        ("phone", models.CharField(db_index=True, max_length=20, verbose_name="phone")),
                        (
                            "id_number",
                            models.CharField(blank=True, db_index=True, max_length=18, verbose_name="ID number"),
                        ),
                        ("address", models.CharField(blank=True, max_length=200, verbose_name="address")),
                        ("is_primary", models.BooleanField(default=False)),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="petitioners", to="cases.case"
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="departments.village",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "petitioner",
                        "verbose_name_plural": "petitioners",
                        "db_table": "intake_petitioner",
                        "ordering": ["-is_primary", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Routing",
                    fields=[
                        (
                            "case",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="routing",
                                serialize=False,
                                to="cases.case",
                                verbose_name="case",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("policy", "policy question"),
                                    ("execution", "failure of execution"),
                                    ("conduct", "official's conduct"),
                                    ("legal", "legal matter"),
                                    ("mediation", "civil dispute"),
                                    ("governance", "governance matter"),
                                ],
                                max_length=20,
                                verbose_name="case kind",
                            ),
                        ),
                        ("proposal", models.JSONField(blank=True, default=dict, verbose_name="proposed routing")),
                        ("proposed_at", models.DateTimeField(blank=True, null=True)),
                        ("leader_led", models.BooleanField(default=False, verbose_name="leader-led")),
                        ("confidential", models.BooleanField(default=False, verbose_name="confidential")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("signed_at", models.DateTimeField(blank=True, null=True)),
                        ("assigned_at", models.DateTimeField(blank=True, null=True, verbose_name="assigned at")),
                        ("queued_at", models.DateTimeField(blank=True, null=True)),
                        ("picked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "assisting_units",
                            models.ManyToManyField(
                                blank=True,
                                db_table="mediation_routing_assisting_units",
                                related_name="assisting_routings",
                                to="departments.unit",
                                verbose_name="assisting units",
                            ),
                        ),
                        (
                            "confirmed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "kind_set_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lead_routings",
                                to="departments.unit",
                                verbose_name="lead unit",
                            ),
                        ),
                        (
                            "line_office",
                            models.ForeignKey(
                                blank=True,
                                limit_choices_to={"kind": "line_office"},
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="departments.unit",
                                verbose_name="responsible line office",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="owned_routings",
                                to="departments.leader",
                                verbose_name="owning leader",
                            ),
                        ),
                        (
                            "picked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="picked_routings",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="handled by",
                            ),
                        ),
                        (
                            "signed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "signed_under",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="departments.delegation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "routing",
                        "verbose_name_plural": "routings",
                        "db_table": "mediation_routing",
                    },
                ),
                migrations.CreateModel(
                    name="CaseEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("at", models.DateTimeField(db_index=True)),
                        ("kind", models.CharField(max_length=40)),
                        ("public", models.BooleanField(default=False, help_text="shown on the public tracking page")),
                        ("data", models.JSONField(blank=True, default=dict)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="events", to="cases.case"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "intake_caseevent",
                        "ordering": ["at", "pk"],
                        "indexes": [models.Index(fields=["case", "at"], name="intake_case_case_id_3e1bb6_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="CaseLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("similarity", models.FloatField()),
                        ("matched_on", models.CharField(max_length=20)),
                        (
                            "state",
                            models.CharField(
                                choices=[("detected", "detected"), ("confirmed", "confirmed"), ("undone", "undone")],
                                default="detected",
                                max_length=20,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="links", to="cases.case"
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "earlier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="later_links", to="cases.case"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "intake_caselink",
                        "ordering": ["-earlier__received_at"],
                        "constraints": [models.UniqueConstraint(fields=("case", "earlier"), name="one_link_per_pair")],
                    },
                ),
                migrations.AddConstraint(
                    model_name="case",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("group_size__gte", 1)), name="case_group_size_positive"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="petitioner",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("is_primary", True)), fields=("case",), name="one_primary_petitioner"
                    ),
                ),
                migrations.AddIndex(
                    model_name="routing",
                    index=models.Index(
                        condition=models.Q(("queued_at__isnull", False)),
                        fields=["lead_unit", "queued_at", "case"],
                        name="routing_queue",
                    ),
                ),
                migrations.AddIndex(
                    model_name="routing",
                    index=models.Index(
                        condition=models.Q(("picked_by__isnull", False)),
                        fields=["lead_unit", "picked_at", "case"],
                        name="routing_in_hand",
                    ),
                ),
                migrations.AddIndex(
                    model_name="routing",
                    index=models.Index(
                        condition=models.Q(("picked_by__isnull", False)),
                        fields=["picked_by", "picked_at", "case"],
                        name="routing_picked_by",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
