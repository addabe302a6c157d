"""Team page and members' homepages (on the lab's host, and on a member's own domain)."""

import itertools
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import set_urlconf
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from labsite.cache import cached_page
from labsite.links import is_web_url
from labsite.redirects import redirect_response
from labsite.sections import compose
from labsite.tenancy import lab_base_url
from people.homepage import homepage_sources
from people.models import CVEntry, Person


def _lab_or_404(request):
    lab = getattr(request, "lab", None)
    if lab is None:
        raise Http404("No lab is served on this host.")
    return lab


# --- Team page --------------------------------------------------------------------------------


@dataclass
class TeamGroup:
    title: str
    members: list


def team_groups(members: list[Person]) -> list[TeamGroup]:
    """Current members (already in team order) under their groups; ungrouped ones last."""
    groups = []
    for _, grouped in itertools.groupby(members, key=lambda person: person.group_id):
        grouped = list(grouped)
        group = grouped[0].group
        groups.append(TeamGroup(group.name if group else "", grouped))
    for team_group in groups:
        if not team_group.title:
            team_group.title = "Other members" if len(groups) > 1 else "Members"
    return groups


@cached_page()
@require_GET
def person_list(request):
    lab = _lab_or_404(request)
    today = timezone.localdate()
    # One query (plus one for links) for everyone; the date rule of PersonQuerySet.current()
    # and .alumni() is applied by Person.is_alumnus, so both lists come from it.
    people = list(Person.objects.for_lab(lab).for_team_page())
    current, alumni = [], []
    for person in people:
        person.lab = lab  # the same row: Person.period_label reads its date style
        (alumni if person.is_alumnus(today) else current).append(person)
        person.joining = person.joined if person.joined and person.joined > today else None
    alumni.sort(key=lambda person: (-person.left.toordinal(), person.full_name))
    return render(
        request,
        "people/person_list.html",
        {"groups": team_groups(current), "alumni": alumni},
    )


# --- Homepages --------------------------------------------------------------------------------


def homepage_sections(request, person: Person):
    """The member's visible sections in their order (prefetched); empty ones are left out."""
    return compose(request, person, person.sections.all(), homepage_sources)


def person_jsonld(request, person: Person, *, links, page_url: str, lab_home_url: str) -> dict:
    """schema.org Person; serialised by the ``json_ld`` tag, never by string building."""
    lab = request.lab
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.full_name,
        "url": page_url,
    }
    # The native-script name (许珈铭) is the same person's other name.
    optional = {"alternateName": person.native_name, "jobTitle": person.position}
    data.update((key, value) for key, value in optional.items() if value)
    affiliation = person.affiliation or lab.institution
    if affiliation:
        data["affiliation"] = {"@type": "Organization", "name": affiliation}
    data["memberOf"] = {"@type": "Organization", "name": lab.name, "url": lab_home_url}
    if person.photo:
        data["image"] = request.build_absolute_uri(person.photo_full_url)
    same_as = [link.url for link in links if is_web_url(link.url) and link.kind != "cv"]
    if same_as:
        data["sameAs"] = same_as
    interests = [interest.title for interest in person.research_interests.all()]
    if interests:
        data["knowsAbout"] = interests
    schools = []
    for entry in person.cv_entries.all():
        # Finished studies only: a student is not yet an alumnus of their university.
        finished = entry.kind == CVEntry.Kind.EDUCATION and entry.organisation and entry.end_year
        if finished and entry.organisation not in schools:
            schools.append(entry.organisation)
    if schools:
        data["alumniOf"] = [{"@type": "EducationalOrganization", "name": name} for name in schools]
    description = strip_tags(person.bio_html).strip()
    if description:
        data["description"] = description
    return data


def _render_homepage(request, person: Person, *, lab_url: str = ""):
    lab = request.lab
    person.lab = lab  # same row; saves a query wherever templates or sections touch it
    links = [link for link in person.links.all() if link.safe_url]
    page_url = request.build_absolute_uri(request.path)
    lab_home_url = f"{lab_url}/" if lab_url else request.build_absolute_uri("/")
    description = Truncator(strip_tags(person.bio_html).strip()).chars(200) or ", ".join(
        part for part in [person.position, person.affiliation or lab.name] if part
    )
    context = {
        "person": person,
        "links": links,
        "sections": homepage_sections(request, person),
        "is_alumnus": person.is_alumnus(),
        "affiliation": person.affiliation or lab.institution,
        "description": description or person.full_name,
        "og_image": request.build_absolute_uri(person.photo_full_url) if person.photo else "",
        "person_jsonld": person_jsonld(
            request, person, links=links, page_url=page_url, lab_home_url=lab_home_url
        ),
        "lab_url": lab_url,
        # Dates of this page (news, awards, CV) read as the member chose (labsite/dates.py).
        "date_style": person.date_style,
    }
    return render(request, "people/person_detail.html", context)


@cached_page()
@require_GET
def person_detail(request, slug):
    lab = _lab_or_404(request)
    person = get_object_or_404(
        Person.objects.for_lab(lab).with_homepage().for_homepage(), slug=slug
    )
    return _render_homepage(request, person)


# --- A member's own domain --------------------------------------------------------------------


def _domain_person(request):
    lab = _lab_or_404(request)
    if request.homepage_person_id is None:
        raise Http404("This host does not belong to a member.")
    return get_object_or_404(
        Person.objects.for_lab(lab).with_homepage().for_homepage(),
        pk=request.homepage_person_id,
    )


@cached_page()
@require_GET
def domain_homepage(request):
    person = _domain_person(request)
    # Templates (ours and the sections of other apps) reverse lab URLs: resolve them with
    # the lab's URLs; those paths then redirect to the lab's host (see to_lab_host).
    set_urlconf(settings.ROOT_URLCONF)
    return _render_homepage(request, person, lab_url=lab_base_url(request))


@cached_page()
@require_GET
def domain_robots_txt(request):
    return HttpResponse("User-agent: *\nAllow: /\n", content_type="text/plain; charset=utf-8")


def to_lab_host(request, path=""):
    """A member's domain serves only their homepage; every other path is on the lab's host."""
    lab = _lab_or_404(request)
    person = Person.objects.for_lab(lab).filter(pk=request.homepage_person_id).only("slug").first()
    if person is not None and request.path == f"/people/{person.slug}/":
        return HttpResponseRedirect("/")
    # The old addresses of the member's former site, before everything else leaves the domain.
    redirect = redirect_response(request)
    if redirect is not None:
        return redirect
    base = lab_base_url(request)
    if not base:
        raise Http404("This lab has no host of its own.")
    return HttpResponseRedirect(base + request.get_full_path())
