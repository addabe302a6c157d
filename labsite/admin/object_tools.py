"""Links that higher apps add to an object's admin page ("object tools"), by URL name.

A lower app cannot import the apps above it; they register here in ``AppConfig.ready()``
(siteimport: "Import a site…" on a member and on the lab). Each URL takes no argument, or
the object's pk (``with_pk``); ``allowed(request, pk)`` hides the link from those the
page behind it would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ObjectTool:
    model: str  # "people.person", "labsite.lab"
    label: str
    url_name: str
    with_pk: bool = True
    allowed: Callable | None = None


_tools: list[ObjectTool] = []


def register_object_tool(*, model: str, label: str, url_name: str, with_pk: bool = True,
                         allowed: Callable | None = None) -> None:
    tool = ObjectTool(model, label, url_name, with_pk, allowed)
    if tool not in _tools:
        _tools.append(tool)


def object_tools(request, model: str, object_id) -> list[tuple[str, str]]:
    """(label, URL) of the tools of ``model`` that ``request`` may use on ``object_id``."""
    return [
        (tool.label, reverse(tool.url_name, args=[object_id] if tool.with_pk else []))
        for tool in _tools
        if tool.model == model and (tool.allowed is None or tool.allowed(request, object_id))
    ]


class ObjectToolsMixin:
    """Passes ``object_tools`` to the change form (its template loops over them)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        tools = object_tools(request, self.opts.label_lower, object_id)
        extra_context = {**(extra_context or {}), "object_tools": tools}
        return super().change_view(request, object_id, form_url, extra_context)
