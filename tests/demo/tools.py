"""What the benchmarks' tests need of the machine."""

import os
import shutil

import pytest


def require(binary: str, fallback: str = "") -> None:
    """Skip (printing why) when ``binary`` is missing; under CI a missing one is a failure."""
    if shutil.which(binary) or (fallback and os.access(fallback, os.X_OK)):
        return
    reason = f"{binary} not found: this benchmark's test is skipped"
    if os.environ.get("CI"):
        pytest.fail(reason + " — required under CI", pytrace=False)
    pytest.skip(reason)
