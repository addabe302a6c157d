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
    """Passes ``object_tools`` to the change form (its template loops over them).

    Worked out only once the admin has found the object: an id that names none
    (``/admin/people/person/abc/change/``) gets the admin's own "does not exist"
    redirect, never a reverse() of the tool's URL with that id.
    """

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None and obj.pk is not None:
            context["object_tools"] = object_tools(request, self.opts.label_lower, obj.pk)
        return super().render_change_form(request, context, add=add, change=change,
                                          form_url=form_url, obj=obj)
