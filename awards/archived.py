"""Awards in a lab archive (labsite/archiving.py)."""

from awards.models import Award
from labsite.archiving import register

register(Award)
