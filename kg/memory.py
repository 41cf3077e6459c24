"""Handing freed memory back to the operating system.

glibc's allocator keeps the memory a process frees for its next allocations: after a burst (the
store's write buffers emptied at a flush, a worker's parse of a long task) the process stays
at its peak. `malloc_trim` returns the free pages. Elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def _malloc_trim_function() -> Callable[[int], int] | None:
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no C library to load this way (Windows)
        return None


_malloc_trim = _malloc_trim_function()


def release_free_memory() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    if _malloc_trim is not None:
        _malloc_trim(0)
