"""Links that higher apps add to a member's admin page ("object tools"), by URL name.

``people`` cannot import the apps above it; they register here in ``AppConfig.ready()``
(siteimport: "Import a site…"). Each URL takes the person's pk.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonTool:
    label: str
    url_name: str


person_tools: list[PersonTool] = []


def register_person_tool(*, label: str, url_name: str) -> None:
    tool = PersonTool(label, url_name)
    if tool not in person_tools:
        person_tools.append(tool)
