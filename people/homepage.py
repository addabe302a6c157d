"""Sections of a member's homepage, contributed by the apps that own their content.

``people`` sits below publications, news and awards, so it cannot import them. Each of
those apps registers its section here in ``AppConfig.ready()``; the homepage view asks
every section the member enabled (in the member's order) for its context and shows the
ones that have content.

Contract for a source:

* ``get_context(request, person)`` returns a dict, or ``None`` (or ``{}``) when the member
  has nothing to show; empty sections are never rendered. It must run a fixed number of
  queries whatever the data size, and read only ``request.lab``'s rows.
* ``template`` is included with ``section`` (that dict) and ``person``. It renders its own
  ``<section>`` with an ``<h2>`` (see ``people/sections/cv.html``). On a member's own
  domain, ``{% url %}`` still resolves the lab's URLs; those paths redirect to the lab's host.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomepageSectionSource:
    name: str  # a people.models.HomepageSection value
    template: str
    # (request, person) -> context dict for the template, or None when there is no content.
    get_context: Callable


_sources: dict[str, HomepageSectionSource] = {}


def register_homepage_section(name: str, *, template: str, get_context: Callable) -> None:
    _sources[name] = HomepageSectionSource(name, template, get_context)


def homepage_section_source(name: str) -> HomepageSectionSource | None:
    return _sources.get(name)
