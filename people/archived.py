"""People in a lab archive (labsite/archiving.py), in dependency order."""

from labsite.archiving import register
from people.models import CVEntry, Group, Person, PersonLink, PersonSection, ResearchInterest


def _upgrade_person(person, legacy: dict) -> None:
    """An archive written before composed sections: its text fields become rows."""
    from people.services import add_legacy_sections

    add_legacy_sections(
        person=person,
        homepage_sections=str(legacy.get("homepage_sections") or ""),
        research_interests=str(legacy.get("research_interests") or ""),
    )


# An empty lab's groups are its skeleton, not content: loading replaces them.
register(Group, key="name", replaced_in_empty_lab=True)
register(
    Person,
    key="slug",
    file_json_fields=("photo_sizes",),
    legacy_fields=("homepage_sections", "research_interests"),
    upgrade=_upgrade_person,
)
register(PersonLink)
register(CVEntry)
register(PersonSection)
register(ResearchInterest)
