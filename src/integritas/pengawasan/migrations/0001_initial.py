"""Take over the LHP tables from the portal app without touching the database (issue 9, 7).

Until issue 9 the LHP summaries and their recommendations were ``portal.AuditReport`` and
``portal.AuditRecommendation``. This migration only moves them in Django's model state (the
tables ``portal_auditreport`` and ``portal_auditrecommendation`` stay as they are, rows
included); ``portal 0002`` drops them from the portal's state, and ``0002`` here renames
them to the regulation's terms with ordinary operations.
"""

import django.db.models.deletion
import integritas.core.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0004_dataset_version"),
        ("portal", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Lhp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.CharField(default=integritas.core.models.new_public_id, editable=False, max_length=32, unique=True)),
                ("number", models.CharField(max_length=100, verbose_name="report number")),
                ("date", models.DateField(verbose_name="report date")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("summary", models.TextField(verbose_name="summary for the public")),
                ("is_published", models.BooleanField(default=False, verbose_name="published")),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("public_from", models.DateField(blank=True, null=True, verbose_name="public from")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="lhps", to="core.organisation")),
            ],
            options={
                "ordering": ["-date", "number"],
                "db_table": "portal_auditreport",
            },
        ),
        migrations.CreateModel(
            name="Rekomendasi",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.CharField(default=integritas.core.models.new_public_id, editable=False, max_length=32, unique=True)),
                ("text", models.TextField(verbose_name="recommendation")),
                ("status", models.CharField(choices=[("belum", "Not yet followed up"), ("proses", "In progress"), ("selesai", "Done")], default="belum", max_length=10, verbose_name="follow-up status")),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due date")),
                ("follow_up_note", models.TextField(blank=True, verbose_name="follow-up note")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rekomendasi", to="pengawasan.lhp")),
            ],
            options={
                "ordering": ["report", "id"],
                "db_table": "portal_auditrecommendation",
            },
        ),
        migrations.AddConstraint(
            model_name="lhp",
            constraint=models.UniqueConstraint(fields=("number",), name="portal_auditreport_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="rekomendasi",
            constraint=models.CheckConstraint(condition=models.Q(("status__in", ["belum", "proses", "selesai"])), name="portal_recommendation_known_status"),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
