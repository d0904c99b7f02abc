"""The moved LHP tables under the regulation's terms, rows kept (issue 9, 7).

Tables ``portal_auditreport`` → ``pengawasan_lhp`` and ``portal_auditrecommendation`` →
``pengawasan_rekomendasi``; the recommendation's ``report`` → ``lhp``; the publication flag
``is_published`` becomes the workflow state ``status`` (``draf`` / ``terbit``), each row
keeping its stage; constraint names follow the new tables.
"""

from django.db import migrations, models


def published_to_status(apps, schema_editor):  # type: ignore[no-untyped-def]
    Lhp = apps.get_model("pengawasan", "Lhp")
    Lhp.objects.filter(is_published=True).update(status="terbit")
    Lhp.objects.filter(is_published=False).update(status="draf")


def status_to_published(apps, schema_editor):  # type: ignore[no-untyped-def]
    Lhp = apps.get_model("pengawasan", "Lhp")
    Lhp.objects.filter(status="terbit").update(is_published=True)
    Lhp.objects.exclude(status="terbit").update(is_published=False)


class Migration(migrations.Migration):

    dependencies = [
        ("pengawasan", "0001_initial"),
        ("portal", "0002_lhp_moved_to_pengawasan"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="lhp", name="portal_auditreport_unique_number"),
        migrations.RemoveConstraint(
            model_name="rekomendasi", name="portal_recommendation_known_status"
        ),
        migrations.AlterModelTable(name="lhp", table=None),
        migrations.AlterModelTable(name="rekomendasi", table=None),
        migrations.RenameField(model_name="rekomendasi", old_name="report", new_name="lhp"),
        migrations.AlterModelOptions(
            name="lhp",
            options={"ordering": ["-date", "number"], "verbose_name": "LHP", "verbose_name_plural": "LHPs"},
        ),
        migrations.AlterModelOptions(
            name="rekomendasi",
            options={"ordering": ["lhp", "id"], "verbose_name": "recommendation", "verbose_name_plural": "recommendations"},
        ),
        migrations.AddField(
            model_name="lhp",
            name="status",
            field=models.CharField(choices=[("draf", "Draft"), ("terbit", "Published")], default="draf", max_length=10, verbose_name="publication"),
        ),
        migrations.RunPython(published_to_status, status_to_published),
        migrations.RemoveField(model_name="lhp", name="is_published"),
        migrations.AddConstraint(
            model_name="lhp",
            constraint=models.UniqueConstraint(fields=("number",), name="pengawasan_lhp_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="lhp",
            constraint=models.CheckConstraint(condition=models.Q(("status__in", ["draf", "terbit"])), name="pengawasan_lhp_known_status"),
        ),
        migrations.AddConstraint(
            model_name="rekomendasi",
            constraint=models.CheckConstraint(condition=models.Q(("status__in", ["belum", "proses", "selesai"])), name="pengawasan_rekomendasi_known_status"),
        ),
    ]
