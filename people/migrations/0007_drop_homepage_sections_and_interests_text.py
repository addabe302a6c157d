"""The former text fields, once 0005 has turned them into rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0006_sections_and_interests_from_text"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="person",
            name="homepage_sections",
        ),
        migrations.RemoveField(
            model_name="person",
            name="research_interests",
        ),
    ]
