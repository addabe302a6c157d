"""A code repository's stars (GitHub) in the shared per-identifier cache; a new, empty
column: nothing to convert."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('metadata', '0003_source_choices_orcid_dblp_github'),
    ]

    operations = [
        migrations.AddField(
            model_name='sourcerecord',
            name='stars',
            field=models.PositiveIntegerField(blank=True, help_text="A code repository's stars (GitHub).", null=True),
        ),
    ]
