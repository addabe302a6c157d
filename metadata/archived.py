"""A lab's citation counts and its fresh-metadata settings move with its archive
(labsite/archiving.py); the shared records and statuses are no lab's and are fetched again."""

from labsite.archiving import register
from metadata.models import CitationCount, FoundWorks, LabMetadataSettings, MetadataSuggestion

register(CitationCount)
register(LabMetadataSettings)
# New papers found in members' works, still waiting for their review.
register(FoundWorks)
# A preprint's venue-version suggestions move with it, decided ones too: a rejected one
# is never proposed again after a restore either.
register(MetadataSuggestion)
