"""What every fuzz target shares: running its ``check`` under atheris (libFuzzer).

A target ends with ``if __name__ == "__main__": from harness import fuzz; fuzz(check)``, run as
``python fuzz/<target>.py CORPUS_DIR -max_total_time=60`` (``make fuzz``); the regression test
imports the target by path and calls its ``check`` without atheris.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def fuzz(check: Callable[[bytes], None]) -> None:
    """Instrument the modules loaded so far and feed ``check`` libFuzzer's inputs."""
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()
