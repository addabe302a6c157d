from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample():
    """Bytes of a file in tests/importers/data."""

    def read(name: str) -> bytes:
        return (DATA / name).read_bytes()

    return read
