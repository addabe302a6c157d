"""The lab archive: ``dumplab`` writes one lab as a zip, ``loadlab`` restores it.

It sits above every content app: what each app's rows are in an archive is declared in that
app's ``archived.py`` (labsite/archiving.py), which :class:`archive.apps.ArchiveConfig`
imports at start-up. The format is docs/lab-archive-format.md.

* ``archive.dump``: the lab's rows and media files → :class:`archive.dump.Dump`.
* ``archive.load``: an archive → a new (or empty) lab, all or nothing.
* ``archive.reader``: reading an archive under limits, streamed.
* ``archive.media``: which media files a lab's archive may hold, and where they go.
"""
