"""labsite's own lab rows in a lab archive (labsite/archiving.py): the home page's sections
and redirects; the lab, its domains and roles are written by the archive itself."""

from labsite.archiving import register
from labsite.models import Redirect
from labsite.sections import LabSection


def _default_home(lab) -> None:
    """An archive written before composed pages: the home page it had then."""
    from labsite.services import add_default_lab_sections

    add_default_lab_sections(lab=lab)


# A new lab (createlab) starts with the default home page: skeleton, not content, so an
# archive loads into such a lab and its home page replaces the default one.
register(LabSection, replaced_in_empty_lab=True, when_absent=_default_home)
register(Redirect)
