"""The project package: settings, root URLs, WSGI/ASGI entry points.

Apps hold the behaviour (``labsite`` the tenancy floor, then people, publications, news,
awards); this package only wires them together (docs/architecture.md).
"""
