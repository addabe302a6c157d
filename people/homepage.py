"""Sources of a member's homepage sections, contributed by the apps that own their content.

``people`` sits below publications, news and awards, so it cannot import them. Each of
those apps registers a source for a section kind here in ``AppConfig.ready()``; the
homepage view composes the member's ``PersonSection`` rows with them
(``labsite.sections.compose``).

Contract for a source:

* ``get_context(request, person, row)`` returns a dict, or ``None`` (or ``{}``) when the
  member has nothing to show; empty sections are never rendered. ``row`` is the
  ``PersonSection`` (its display options; templates also get it as ``config``). It must run
  a fixed number of queries whatever the data size, and read only ``request.lab``'s rows.
* ``template`` is included with ``section`` (that dict), ``config`` and ``person``. It renders
  the section's content only: the page wraps it in ``<section id="{anchor}">`` with the
  (renamed) heading as ``<h2>``. On a member's own domain, ``{% url %}`` still resolves the
  lab's URLs; those paths redirect to the lab's host.
"""

from collections.abc import Callable

from labsite.sections import SectionSource, SourceRegistry

homepage_sources = SourceRegistry()


def register_homepage_section(kind: str, *, template: str, get_context: Callable) -> None:
    homepage_sources.register(kind, template=template, get_context=get_context)


def homepage_section_source(kind: str) -> SectionSource | None:
    return homepage_sources.get(kind)
