"""Sources of the lab home page's sections, contributed by the apps that own their content.

``labsite`` sits below every other app, so it cannot import their models. Each app
registers a source for a section kind in its ``AppConfig.ready()``; the home view composes
the lab's ``LabSection`` rows with them (``labsite/sections.py``).

Contract for a source: ``get_context(request, lab, row)`` returns a dict, or ``None`` when
there is nothing to show; ``row`` is the ``LabSection`` (its display options; the template
gets it as ``config``). It runs a fixed number of queries whatever the data size and reads
only ``lab``'s rows. ``template`` renders the section's content only: the page wraps it in
``<section id="{anchor}">`` with the heading.
"""

from collections.abc import Callable

from labsite.sections import SectionSource, SourceRegistry

home_sources = SourceRegistry()


def register_home_section(kind: str, *, template: str, get_context: Callable) -> None:
    home_sources.register(kind, template=template, get_context=get_context)


def home_section_source(kind: str) -> SectionSource | None:
    return home_sources.get(kind)
