"""The sections people contributes: CV sections of homepages and the team on the lab home."""

from people.homepage import register_homepage_section
from people.models import CVEntry, HomepageSection, Person

CV_SECTIONS = {
    HomepageSection.EDUCATION: CVEntry.Kind.EDUCATION,
    HomepageSection.POSITIONS: CVEntry.Kind.POSITION,
    HomepageSection.TALKS: CVEntry.Kind.TALK,
    HomepageSection.TEACHING: CVEntry.Kind.TEACHING,
    HomepageSection.SERVICE: CVEntry.Kind.SERVICE,
}

# The lab home shows this many current members; the team page shows everyone.
HOME_TEAM_LIMIT = 24


def cv_section_context(section: HomepageSection, kind: CVEntry.Kind):
    def get_context(request, person):
        # All CV sections share the one prefetched list (Person.objects.for_homepage()).
        entries = [entry for entry in person.cv_entries.all() if entry.kind == kind]
        if not entries:
            return None
        return {"name": section.value, "title": section.label, "entries": entries}

    return get_context


def register_cv_sections() -> None:
    for section, kind in CV_SECTIONS.items():
        register_homepage_section(
            section.value,
            template="people/sections/cv.html",
            get_context=cv_section_context(section, kind),
        )


def home_team_context(request):
    """Current members, in team-page order, for the lab home (one query)."""
    members = list(
        Person.objects.for_lab(request.lab).current().team_order().select_related("group")
    )
    if not members:
        return None
    return {
        "members": members[:HOME_TEAM_LIMIT],
        "count": len(members),
        "more": len(members) > HOME_TEAM_LIMIT,
    }
