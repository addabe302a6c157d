"""The sections people contributes: the about text, research interests, CV sections, links,
the team of a member's homepage, and the team on the lab home page.

Each source is ``get_context(request, owner, row)``: ``owner`` is the Person of a homepage
or the Lab of the home page, ``row`` its section row (labsite/sections.py).
"""

from django.utils import timezone

from labsite.citation_totals import citation_total
from labsite.home import register_home_section
from labsite.sections import EntryOrder, SectionKind, custom_context
from people.homepage import register_homepage_section
from people.models import CVEntry, Person, PersonLink

CV_SECTIONS = {
    SectionKind.EDUCATION: CVEntry.Kind.EDUCATION,
    SectionKind.POSITIONS: CVEntry.Kind.POSITION,
    SectionKind.TALKS: CVEntry.Kind.TALK,
    SectionKind.TEACHING: CVEntry.Kind.TEACHING,
    SectionKind.SERVICE: CVEntry.Kind.SERVICE,
}

# The lab home shows this many current members; the team page shows everyone.
HOME_TEAM_LIMIT = 24
# A member's team section lists at most this many people (current and former together).
PERSON_TEAM_LIMIT = 200


def cv_section_context(kind: CVEntry.Kind):
    def get_context(request, person, row):
        # All CV sections share the one prefetched list (Person.objects.for_homepage()).
        entries = [entry for entry in person.cv_entries.all() if entry.kind == kind]
        if not entries:
            return None
        if getattr(row, "entry_order", EntryOrder.NEWEST) == EntryOrder.MANUAL:
            # The member's own order, dates aside (seed 002's service list).
            entries.sort(key=lambda entry: (entry.order, entry.pk))
        return {"entries": entries, "config": row}

    return get_context


def about_context(request, person, row):
    """The member's about text (their bio when there is none), and the total of their
    papers' citations when the row shows it, linked to their Google Scholar profile."""
    html = person.about_html or person.bio_html
    citations = None
    if getattr(row, "show_citation_total", False):
        citations = citation_total(request.lab, person)
    if not html and citations is None:
        return None
    if citations is not None and (scholar := scholar_url(person)):
        citations = citations.but(url=scholar)
    return {"html": html, "citations": citations, "config": row}


def scholar_url(person) -> str:
    """The member's Google Scholar link ("" without one); links are prefetched."""
    for link in person.links.all():
        if link.kind == PersonLink.Kind.SCHOLAR and link.safe_url:
            return link.safe_url
    return ""


def interests_context(request, person, row):
    interests = list(person.research_interests.all())  # prefetched by for_homepage()
    return {"interests": interests, "config": row} if interests else None


def links_context(request, person, row):
    links = [link for link in person.links.all() if link.safe_url]  # prefetched
    if not links and not person.shows_email:
        return None
    return {"links": links, "person": person, "config": row}


def person_team_context(request, person, row):
    """The people this member leads ("Now" and "Previous"), in team order (one query); the
    member heads "Now" while they are current. Only the lab's own people."""
    today = timezone.localdate()
    members = list(
        Person.objects.for_lab(request.lab)
        .filter(team_lead=person)  # never the member: person_not_own_team_lead
        .for_team_section()[:PERSON_TEAM_LIMIT]
    )
    if not members:
        return None
    for member in members:
        member.lab = request.lab  # Person.period_label reads the lab's date style
    current = [member for member in members if not member.is_alumnus(today)]
    previous = [member for member in members if member.is_alumnus(today)]
    previous.sort(key=lambda member: (-member.left.toordinal(), member.full_name))
    if not person.is_alumnus(today):
        current.insert(0, person)
    return {"current": current, "previous": previous, "intro_html": row.body_html, "config": row}


def home_team_context(request, lab, row):
    """Current members, in team-page order, for the lab home (one query)."""
    members = list(Person.objects.for_lab(lab).current().team_order().select_related("group"))
    if not members:
        return None
    return {
        "members": members[:HOME_TEAM_LIMIT],
        "count": len(members),
        "more": len(members) > HOME_TEAM_LIMIT,
        "config": row,
    }


def register_sections() -> None:
    for section_kind, entry_kind in CV_SECTIONS.items():
        register_homepage_section(
            section_kind, template="people/sections/cv.html",
            get_context=cv_section_context(entry_kind),
        )  # fmt: skip
    register_homepage_section(
        SectionKind.ABOUT, template="labsite/sections/about.html", get_context=about_context
    )
    register_homepage_section(
        SectionKind.CUSTOM, template="labsite/sections/html.html", get_context=custom_context
    )
    register_homepage_section(
        SectionKind.INTERESTS, template="people/sections/interests.html",
        get_context=interests_context,
    )  # fmt: skip
    register_homepage_section(
        SectionKind.LINKS, template="people/sections/links.html", get_context=links_context
    )
    register_homepage_section(
        SectionKind.TEAM, template="people/sections/team.html", get_context=person_team_context
    )
    register_home_section(
        SectionKind.TEAM, template="people/home_team.html", get_context=home_team_context
    )
