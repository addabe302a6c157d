"""People in a lab archive (labsite/archiving.py), in dependency order."""

from labsite.archiving import register
from people.models import CVEntry, Group, Person, PersonLink

# An empty lab's groups are its skeleton, not content: loading replaces them.
register(Group, key="name", replaced_in_empty_lab=True)
register(Person, key="slug", file_json_fields=("photo_sizes",))
register(PersonLink)
register(CVEntry)
