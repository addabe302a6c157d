"""labsite's own lab rows in a lab archive (labsite/archiving.py); the lab, its domains and
roles are written by the archive itself."""

from labsite.archiving import register
from labsite.models import Redirect

register(Redirect)
