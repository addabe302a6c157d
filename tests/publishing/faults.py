"""Faults injected into a publish."""

from publishing.paths import PublishError
from publishing.render import PageRenderer


def crash_on_render(monkeypatch, *, at: int) -> None:
    """The ``at``-th page a publish renders fails, as if the database went away then."""
    real_render = PageRenderer.render
    calls = {"n": 0}

    def render_then_crash(self, host, path, **kwargs):
        calls["n"] += 1
        if calls["n"] == at:
            raise PublishError("the database went away")
        return real_render(self, host, path, **kwargs)

    monkeypatch.setattr(PageRenderer, "render", render_then_crash)
