"""Helpers shared by the import tests."""

from pathlib import Path

from publications.imports import apply_import, plan_import
from publications.models import Publication

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def bib(*entries: str) -> bytes:
    return "\n\n".join(entries).encode()


def near_identical_bib(count: int, *, surname: str = "Chen, Beidi") -> bytes:
    """``count`` titles that differ only in a trailing number: every pair is >= 90% alike."""
    return "\n\n".join(
        f"@article{{k{n}, title={{Scalable sparse attention for long context models part {n}}},"
        f" author={{{surname}}}, journal={{Journal of Things}}, year={{2024}}}}"
        for n in range(count)
    ).encode()


def run_import(lab, *files, **kwargs):
    """Import ``files`` (names in tests/imports/data, or (name, bytes) pairs)."""
    pairs = [(f, data(f)) if isinstance(f, str) else f for f in files]
    return apply_import(lab=lab, files=pairs, **kwargs)


def plan(lab, *files, **kwargs):
    pairs = [(f, data(f)) if isinstance(f, str) else f for f in files]
    return plan_import(lab=lab, files=pairs, **kwargs)


def papers(lab):
    return list(Publication.objects.for_lab(lab).order_by("slug"))


def snapshot(lab):
    """Everything an import may touch in a lab, to compare before and after."""
    from publications.models import Authorship, PossibleDuplicate, PublicationLink

    return {
        "publications": list(
            Publication.objects.for_lab(lab).order_by("pk").values()
        ),
        "authorships": list(Authorship.objects.for_lab(lab).order_by("pk").values()),
        "links": list(PublicationLink.objects.for_lab(lab).order_by("pk").values()),
        "duplicates": list(PossibleDuplicate.objects.for_lab(lab).order_by("pk").values()),
    }
