"""Write operations on labs (keyword-only, validated, atomic)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from labsite.models import Domain, Lab, normalise_host
from labsite.sections import DEFAULT_LAB_KINDS, ORDER_STEP, LabSection


@transaction.atomic
def create_lab(*, slug: str, name: str, domains: list[str], **fields) -> Lab:
    """Create a lab with its hosts, or raise ValidationError and write nothing."""
    if Lab.objects.filter(slug=slug).exists():
        raise ValidationError(f'A lab with the slug "{slug}" already exists.')
    hosts = [normalise_host(host) for host in domains]
    taken = sorted(Domain.objects.filter(host__in=hosts).values_list("host", flat=True))
    if taken:
        raise ValidationError(f"Domain already in use by another lab: {', '.join(taken)}.")
    if len(set(hosts)) != len(hosts):
        raise ValidationError("The same domain was given twice.")
    lab = Lab(slug=slug, name=name, **fields)
    lab.full_clean()
    lab.save()
    for index, host in enumerate(hosts):
        domain = Domain(lab=lab, host=host, is_primary=index == 0)
        domain.full_clean()
        domain.save()
    add_default_lab_sections(lab=lab)
    return lab



def add_default_lab_sections(*, lab: Lab) -> list[LabSection]:
    """The home page a new lab starts with (its people may change or delete every row)."""
    rows = []
    for index, kind in enumerate(DEFAULT_LAB_KINDS, start=1):
        row = LabSection(lab=lab, kind=kind, anchor=kind, order=index * ORDER_STEP)
        row.save()
        rows.append(row)
    return rows
