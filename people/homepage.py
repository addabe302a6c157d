"""Sections of a member's homepage, contributed by the apps that own their content.

``people`` sits below publications, news and awards, so it cannot import them. Each of
those apps registers its section here in ``AppConfig.ready()``; the homepage view asks
every section the member enabled (in the member's order) for its context and shows the
ones that have content.
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
