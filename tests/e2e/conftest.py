# SPDX-License-Identifier: GPL-2.0
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from qemu import IMAGE, boot_to_prompt  # noqa: E402


def pytest_sessionstart(session):
    if not IMAGE.exists():
        raise pytest.UsageError(f"{IMAGE} is missing: run 'make' first")


@pytest.fixture(scope="module")
def shell():
    """One booted guest (cortex-a72, 1 GiB) shared by a test module."""
    g = boot_to_prompt()
    yield g
    g.close()


@pytest.fixture
def fresh():
    """A guest of the test's own, for tests that change its state."""
    guests = []

    def boot(**kw):
        g = boot_to_prompt(**kw)
        guests.append(g)
        return g
    yield boot
    for g in guests:
        g.close()
