"""The LHP summaries and recommendations now belong to the pengawasan app (issue 9, 7).

State only: the tables stay, with every row; ``pengawasan 0001`` took them over and
``pengawasan 0002`` renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_initial"),
        ("pengawasan", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditRecommendation"),
                migrations.DeleteModel(name="AuditReport"),
            ],
            database_operations=[],
        ),
    ]
