"""The data a theme's files hold: front matter (YAML "---" or TOML "+++"), YAML and TOML
files, dates as front matter writes them; mojibake repaired first. Errors are
``SiteFileError``: a sentence naming the file and, where the parser says, the line."""

from __future__ import annotations

import datetime
import re
import tomllib

import frontmatter
import ftfy
import yaml

from siteimport.types import Origin


class SiteFileError(ValueError):
    def __init__(self, origin: Origin, message: str):
        super().__init__(f"{origin.describe()}: {message}")
        self.origin = origin


def file_error(path: str, line: int | None, message: str) -> str:
    """A warning in the words of ``SiteFileError`` (file, line, what is wrong)."""
    return str(SiteFileError(Origin(path, line), message))


def repair(text: str) -> str:
    """Double-encoded UTF-8 ("Iâ€™m", "ðŸ“§") repaired; ftfy changes nothing else (no
    quote or width normalisation), so text that was right stays byte for byte."""
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization=None,
    )


def _safe_yaml(text: str, origin: Origin):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Origin(origin.path, (origin.line or 1) + mark.line if mark else origin.line)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise SiteFileError(where, f"cannot read the YAML ({problem})") from None


def yaml_data(text: str, path: str):
    """A YAML data file (``_config.yml``, ``_data/*.yml``), with dates left as YAML gives
    them (``datetime.date``) and a clear error naming the line."""
    return _safe_yaml(repair(text), Origin(path))


def yaml_list(text: str, path: str) -> list[tuple[object, int | None]]:
    """The items of a YAML list file (``_data/news.yml``) with the line each starts on;
    a file that is not a list gives []. Raises ``SiteFileError`` naming the line."""
    data = yaml_data(text, path)
    if not isinstance(data, list):
        return []
    try:
        node = yaml.compose(repair(text), Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # yaml_data read it, so this does not happen; stay safe
        node = None
    lines = [item.start_mark.line + 1 for item in node.value] if node is not None else []
    if len(lines) != len(data):
        lines = [None] * len(data)
    return list(zip(data, lines, strict=True))


def _toml(text: str, path: str, unknown_line: int | None = None) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else unknown_line
        raise SiteFileError(Origin(path, line), f"cannot read the TOML ({error})") from None


def toml_data(text: str, path: str) -> dict:
    """A TOML config file (``config/_default/params.toml``), or SiteFileError with the line."""
    return _toml(repair(text), path)


def front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """(metadata, body, line where the body starts) of a markdown page: YAML front matter
    ("---", Jekyll and Hugo) or TOML ("+++", the older Hugo Academic starters); a page
    without front matter (GitHub Pages' is optional) is all body."""
    text = repair(text)
    if text.lstrip("\ufeff").startswith("+++"):
        return _toml_front_matter(text, path)
    if not text.startswith("---"):
        return {}, text, 1
    try:
        metadata, body = frontmatter.parse(text, handler=frontmatter.YAMLHandler())
    except yaml.YAMLError:
        _safe_yaml(text.split("---", 2)[1], Origin(path, 2))  # raises with the line
        raise
    # The line of the body's first character: python-frontmatter drops the closing "---"
    # and the blank lines after it.
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    line = closing + 2
    while line - 1 < len(lines) and not lines[line - 1].strip():
        line += 1
    return dict(metadata or {}), body, line


def _toml_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    parts = text.split("+++", 2)
    if len(parts) < 3:
        raise SiteFileError(Origin(path, 1), "the front matter opened with +++ is never closed")
    metadata = _toml(parts[1], path, unknown_line=1)
    return metadata, parts[2].lstrip("\n"), parts[0].count("\n") + parts[1].count("\n") + 2


def as_date(value) -> datetime.date | None:
    """A front-matter date: YAML dates and datetimes, "2024-05-01" strings, bare years."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and 1900 <= value <= 2200:
        return datetime.date(value, 1, 1)
    if isinstance(value, str):
        found = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
        if found:
            try:
                return datetime.date(int(found[1]), int(found[2] or 1), int(found[3] or 1))
            except ValueError:
                return None
    return None
