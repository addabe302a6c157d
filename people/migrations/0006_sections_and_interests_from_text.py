"""Every member's ``homepage_sections`` list and ``research_interests`` lines become rows, so
each homepage looks as it did: the about text and interests first (always shown then), then
the listed sections in their order. Reversible: the rows are written back as text."""

from django.db import migrations

from labsite.markdown import render_markdown
from people.section_defaults import (
    LEGACY_SECTION_NAMES,
    ORDER_STEP,
    legacy_interests,
    legacy_person_kinds,
)

BATCH = 500


def text_to_rows(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonSection = apps.get_model("people", "PersonSection")
    ResearchInterest = apps.get_model("people", "ResearchInterest")
    sections, interests = [], []
    people = Person.objects.order_by("pk").values_list(
        "pk", "lab_id", "homepage_sections", "research_interests"
    )
    for pk, lab_id, homepage_sections, research_interests in people.iterator(chunk_size=BATCH):
        for index, kind in enumerate(legacy_person_kinds(homepage_sections), start=1):
            sections.append(
                PersonSection(lab_id=lab_id, person_id=pk, kind=kind, anchor=kind,
                              order=index * ORDER_STEP)
            )  # fmt: skip
        for index, (title, description) in enumerate(legacy_interests(research_interests), 1):
            interests.append(
                ResearchInterest(lab_id=lab_id, person_id=pk, title=title,
                                 description=description,
                                 description_html=render_markdown(description),
                                 order=index * ORDER_STEP)
            )  # fmt: skip
        if len(sections) >= BATCH or len(interests) >= BATCH:
            PersonSection.objects.bulk_create(sections)
            ResearchInterest.objects.bulk_create(interests)
            sections, interests = [], []
    PersonSection.objects.bulk_create(sections)
    ResearchInterest.objects.bulk_create(interests)


def rows_to_text(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonSection = apps.get_model("people", "PersonSection")
    ResearchInterest = apps.get_model("people", "ResearchInterest")
    # Until 0006 the text field and the rows' related name are both "research_interests":
    # written with update(), which means the field.
    for pk in Person.objects.order_by("pk").values_list("pk", flat=True).iterator(BATCH):
        kinds = PersonSection.objects.filter(person_id=pk, visible=True).order_by("order", "pk")
        names = []
        for kind in kinds.values_list("kind", flat=True):
            if kind in LEGACY_SECTION_NAMES and kind not in names:
                names.append(kind)
        lines = ResearchInterest.objects.filter(person_id=pk).order_by("order", "pk")
        text = "\n".join(
            description or title for title, description in lines.values_list("title", "description")
        )
        Person.objects.filter(pk=pk).update(
            homepage_sections=",".join(names), research_interests=text
        )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_composed_sections_and_interests"),
    ]

    operations = [
        migrations.RunPython(text_to_rows, rows_to_text),
    ]
