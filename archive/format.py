"""What every part of the archive shares: the format's name and version, its entry names,
and the one error it raises (docs/lab-archive-format.md)."""

FORMAT = "labsite-lab-archive"
VERSION = 1
JSON_NAME = "lab.json"
MEDIA_PREFIX = "media/"


class ArchiveError(Exception):
    """The archive cannot be written or loaded; the message says why, for a person."""
