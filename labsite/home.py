"""Sections of the lab home page, contributed by the apps that own their content.

``labsite`` sits below every other app, so it cannot import their models. Each app
registers a section in its ``AppConfig.ready()``; the home view renders them in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    template: str
    # (request) -> context dict for the template, or None to hide the section.
    get_context: Callable


_sections: dict[str, HomeSection] = {}


def register_home_section(name: str, *, order: int, template: str, get_context: Callable) -> None:
    _sections[name] = HomeSection(name, order, template, get_context)


def home_sections() -> list[HomeSection]:
    return sorted(_sections.values(), key=lambda section: section.order)
