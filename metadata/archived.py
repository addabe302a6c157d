"""A lab's citation counts move with its archive (labsite/archiving.py); the shared
records and statuses are no lab's and are fetched again."""

from labsite.archiving import register
from metadata.models import CitationCount, MetadataSuggestion

register(CitationCount)
# A preprint's venue-version suggestions move with it, decided ones too: a rejected one
# is never proposed again after a restore either.
register(MetadataSuggestion)
