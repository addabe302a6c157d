"""Model field validation of what an import would write: bad values become errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from publications.choices import PublicationKind
from publications.imports.clusters import Cluster
from publications.imports.types import ERROR, VALUE_FIELDS
from publications.models import Publication

_KIND_VALUES = frozenset(PublicationKind.values)
AUTHOR_NAME_MAX_LENGTH = 200  # Authorship.name


def validate_clusters(lab, clusters: Iterable[Cluster]) -> None:
    """Turn every entry of a cluster that would not store into an error, with the reason."""
    for cluster in clusters:
        if not cluster.items or not (cluster.is_new or cluster.changed):
            continue
        messages = _problems(lab, cluster)
        if messages:
            cluster.invalid = "; ".join(messages)
            for item in cluster.items:
                item.status = ERROR
                item.reasons = [f"cannot be stored: {cluster.invalid}"]
                item.changes = []


def _problems(lab, cluster: Cluster) -> list[str]:
    checked = set(VALUE_FIELDS) | {"slug"} if cluster.is_new else cluster.changed
    slug = cluster.slug or cluster.existing_slug
    messages = []
    if not _plainly_valid(cluster.values, slug, checked):
        # Django's own validation, for its messages.
        publication = Publication(lab=lab, slug=slug, **cluster.values)
        exclude = {f.name for f in Publication._meta.fields} - checked
        try:
            publication.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                messages.append(f"{name}: {' '.join(errors)}")
    for author in cluster.authors or []:
        if len(author.name) > AUTHOR_NAME_MAX_LENGTH:
            messages.append(f"author name longer than {AUTHOR_NAME_MAX_LENGTH} characters: "
                            f"{author.name[:40]}…")
            break
    return messages


def _plainly_valid(values: dict[str, Any], slug: str, names: set[str]) -> bool:
    """A quick check that ``clean_fields`` would pass (lengths, ranges, choices); what it
    does not clearly pass goes through ``clean_fields`` itself."""
    meta = Publication._meta
    for name in names:
        value = slug if name == "slug" else values.get(name)
        if value in ("", None):
            continue
        model_field = meta.get_field(name)
        if isinstance(value, str):
            if model_field.max_length and len(value) > model_field.max_length:
                return False
            if model_field.choices and value not in _KIND_VALUES:
                return False
        elif isinstance(value, int) and not isinstance(value, bool):
            if name == "year" and not 1000 <= value <= 2200:
                return False
            if name == "month" and not 1 <= value <= 12:
                return False
            if value < 0:
                return False
    return True

