"""Publications in a lab archive (labsite/archiving.py), in dependency order."""

from labsite.archiving import exclude, register
from publications.models import (
    Authorship,
    ImportUpload,
    PossibleDuplicate,
    Publication,
    PublicationLink,
    PublicationListSettings,
    Tag,
)

register(Tag, key="slug")
register(Publication, key="slug", derived=("title_key",))
register(Authorship)
register(PublicationLink)
# Undecided "same paper?" questions move with the lab.
register(PossibleDuplicate)
register(PublicationListSettings)
exclude(
    ImportUpload,
    reason="an upload waiting for its preview to be confirmed; kept one day at most",
)
