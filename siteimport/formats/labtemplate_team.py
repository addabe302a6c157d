"""The lab template's people: ``_data/team_members.yml``, ``students.yml``,
``alumni_members.yml``, ``alumni_visitors.yml`` (and forks' ``alumni_msc.yml`` …), each a
list of ``name, photo, info, email, number_educ, education1…5`` (alumni: ``duration``,
``now``; visitors: a name with its period, "Nikolaos Iliopoulos, Spring 2016").

Groups come from the member's own words ("PhD Student, started Sep 2015"), else the
heading the team page shows over the file's loop, else the file's name.
"""

from __future__ import annotations

import calendar
import re

from people.models import Group
from people.pasted_lists import read_dates
from siteimport.formats import labtemplate_leftovers as leftovers
from siteimport.text.cleaning import inline_markdown
from siteimport.text.contact import is_obfuscated_email
from siteimport.text.frontmatter import file_error
from siteimport.types import Origin, SiteData, SiteDate, SiteTeamMember, Skipped

MAX_MEMBERS = 2000  # per file

TEAM_FILE = re.compile(
    r"^_data/(?P<stem>(?:team|alumni|former|students?|members?|postdocs?|phd|faculty|staff|"
    r"visitors?|undergrads?|masters?|ms|bs)[\w-]*)\.ya?ml$",
    re.I,
)
_GROUP_WORDS = (
    (re.compile(r"post-?doc", re.I), Group.Kind.POSTDOC),
    (re.compile(r"ph\.?\s?d|doctoral", re.I), Group.Kind.PHD),
    (re.compile(r"master|m\.\s?sc?\b|\bm\.?sc\b|\bms\b", re.I), Group.Kind.MASTERS),
    (
        re.compile(r"bachelor|undergrad|\bb\.?\s?sc?\b|\bbs\b|high school", re.I),
        Group.Kind.UNDERGRAD,
    ),
    (re.compile(r"visit", re.I), Group.Kind.VISITOR),
    (
        re.compile(r"professor|\bpi\b|principal investigator|faculty|lecturer", re.I),
        Group.Kind.FACULTY,
    ),
    (
        re.compile(
            r"engineer|technician|manager|staff|bioinformatic|administrat|scientist|"
            r"assistant",
            re.I,
        ),
        Group.Kind.STAFF,
    ),
)
_MONTH_NAMES = "|".join(name for name in (*calendar.month_name, *calendar.month_abbr) if name)
_DATE_START = re.compile(
    rf"\b(?:(?:{_MONTH_NAMES})\.?\s+|\d{{1,2}}\.?\s+(?:{_MONTH_NAMES})\s+)?"
    r"(?:19|20)\d{2}\b",
    re.I,
)
_SEASON = re.compile(r"\b(?:spring|summer|fall|autumn|winter|all of)\s+(?=\d{4})", re.I)
_STARTED = re.compile(r"\b(?:started|starting|since|from|joined)\b", re.I)


def group_of(*texts: str) -> str:
    """The people.Group.Kind the first text that names one names, or ""."""
    for text in texts:
        for pattern, kind in _GROUP_WORDS:
            if text and pattern.search(text):
                return kind
    return ""


def period(text: str) -> tuple[SiteDate, SiteDate, int] | None:
    """(start, end, where the date starts) of the first date or range in free text:
    "started Jan 2015", "Spring 2017", "Ph.D. 2018", "2015 - 2019"; seasons are years."""
    text = _SEASON.sub("", text or "").replace(",", " ")  # "15 March, 2024"; same length
    found = _DATE_START.search(text)
    if found is None:
        return None
    span = read_dates(re.sub(r"^(\d{1,2})\.", r"\1", text[found.start() :]))
    if span is None or span[0] is None:
        return None
    start, precision, end, end_precision, _, _ = span
    return SiteDate(start, precision), SiteDate(end, end_precision), found.start()


def team_file_group(stem: str) -> tuple[str, bool]:
    """(group kind, alumni?) a data file's name says: "alumni_msc" is former masters."""
    alumni = stem.lower().startswith(("alumni", "former"))
    return group_of(stem.replace("_", " ")), alumni


def read_team_file(items, path: str, heading: str, keep_template: bool, data: SiteData) -> None:
    stem = path.rsplit("/", 1)[-1].split(".")[0]
    file_group, alumni = team_file_group(stem)
    for item, line in items[:MAX_MEMBERS]:
        origin = Origin(path, line)
        name = inline_markdown(item.get("name")) if isinstance(item, dict) else ""
        if not name:
            data.warnings.append(file_error(path, line, "an entry without a name; not imported"))
            continue
        email = str(item.get("email") or "").strip()
        if leftovers.is_invitation(name):
            data.skipped.append(Skipped(name, leftovers.INVITATION, origin))
            continue
        if not keep_template and leftovers.is_template_member(email, name):
            data.skipped.append(Skipped(name, leftovers.TEMPLATE_MEMBER, origin))
            continue
        member = _member(item, name, email, alumni, origin)
        member.group = group_of(member.position, heading) or file_group
        member.group_heading = heading
        photo = str(item.get("photo") or "").strip()
        if photo in leftovers.STAND_IN_PHOTOS:
            data.skipped.append(Skipped(f"{name}: {photo}", leftovers.STAND_IN_PHOTO, origin))
        elif photo:
            member.photo = f"images/teampic/{photo}"
        data.team.append(member)
    if len(items) > MAX_MEMBERS:
        data.warnings.append(f"{path}: only the first {MAX_MEMBERS} people read.")


def _member(item: dict, name: str, email: str, alumni: bool, origin: Origin) -> SiteTeamMember:
    member = SiteTeamMember(name=name, alumnus=alumni, origin=origin)
    member.email = email
    member.email_obfuscated = is_obfuscated_email(email)
    # "Chunzhi Su, Ph.D. 2018", "Nikolaos Iliopoulos, Spring 2016": a name, then its period.
    head, _, tail = name.partition(",")
    if tail and (period(tail) or group_of(tail)):
        member.name, member.position = head.strip(), _before_date(tail)
        _set_period(member, tail, alumni or bool(period(tail)))
    info = inline_markdown(item.get("info"))
    duration = inline_markdown(item.get("duration"))
    if duration:
        _set_period(member, duration, alumni)
    lines = []
    if alumni or member.alumnus:
        lines.append(info)  # the thesis, or what they did here
    else:
        position, _, rest = info.partition(",")
        member.position = member.position or position.strip()
        if rest and period(rest):
            _set_period(member, rest, False)
        elif rest.strip():
            lines.append(rest.strip())
    educations = [inline_markdown(item.get(f"education{n}")) for n in range(1, 6)]
    lines += [f"- {education}" for education in educations if education]
    member.info = "\n".join(line for line in lines if line)
    member.now = inline_markdown(item.get("now"))
    return member


def _before_date(text: str) -> str:
    text = _SEASON.sub("", text)
    found = period(text)
    words = text[: found[2]] if found else text
    return _STARTED.sub("", words).strip(" ,;:-")


def _set_period(member: SiteTeamMember, text: str, ended: bool) -> None:
    """A single date is when a member started, and when an alumnus finished (a degree
    year, a visit's season); a range is both."""
    found = period(text)
    if found is None:
        return
    start, end, _ = found
    if end.date is not None:
        member.joined, member.left = start, end
    elif ended:
        member.left = start
        if member.group == Group.Kind.VISITOR or group_of(member.position) == "":
            member.joined = SiteDate(start.date, start.precision)
        member.alumnus = True
    else:
        member.joined = start
