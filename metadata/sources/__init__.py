"""One module per source: what it is asked and how its answers read (no database work)."""

from collections.abc import Iterable, Iterator


def chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size``, lazily (a lab's keys are never all in flight)."""
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
