"""Fields a person edited in admin: an import never overwrites them."""

from __future__ import annotations

from collections.abc import Iterable

from publications.imports.keys import title_key
from publications.imports.types import IMPORTED_FIELDS
from publications.models import Publication


def record_edited_fields(publication: Publication, changed_fields: Iterable[str]) -> list[str]:
    """Remember the fields a person changed in admin so that imports never overwrite them.

    Call it *before* saving the publication, e.g. in ``PublicationAdmin.save_model`` with
    ``form.changed_data`` (and ``["authors"]`` when the author inline changed). A changed
    title keeps the old title key as an alias, so re-importing the file still matches.
    """
    changed = {name for name in changed_fields if name in IMPORTED_FIELDS}
    if "title" in changed and publication.title_key:
        new_key = title_key(publication.title)
        if new_key != publication.title_key and publication.title_key not in (
            publication.alias_title_keys or []
        ):
            publication.alias_title_keys = [*(publication.alias_title_keys or []),
                                            publication.title_key]
    publication.edited_fields = sorted(set(publication.edited_fields or []) | changed)
    return publication.edited_fields


def may_overwrite(edited_fields: Iterable[str] | None, name: str) -> bool:
    """Whether something read elsewhere (an import, a metadata source) may change ``name``
    of a paper whose recorded edits are ``edited_fields``: never a field edited in admin."""
    return name not in set(edited_fields or ())
