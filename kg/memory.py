"""Handing freed memory back to the operating system.

glibc's allocator keeps the memory a process frees for its next allocations: after a burst (the
store's write buffers emptied at a flush, a worker's parse of a long task) the process stays
at its peak. `malloc_trim` returns the free pages, and large blocks in their own mappings go
back as soon as they are freed. Elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

# glibc gives a block of this size or more its own mapping, returned when the block is freed.
# At glibc's starting size, 128 KiB, ingestion spent 7% more CPU in the kernel (mapping, zeroing
# and unmapping spaCy's arrays) for a peak 35 MiB lower; at 1 MiB, under 1% for 15 MiB.
LARGE_BLOCK = 1024 * 1024
M_MMAP_THRESHOLD = -3  # mallopt's parameter for that size


def _libc_function(name: str) -> Callable[..., int] | None:
    try:
        return getattr(ctypes.CDLL(None), name, None)
    except (OSError, TypeError):  # no C library to load this way (Windows)
        return None


_malloc_trim = _libc_function("malloc_trim")
_mallopt = _libc_function("mallopt")


def release_free_memory() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def map_large_blocks() -> None:
    """Give every block of LARGE_BLOCK bytes or more its own mapping, for good (glibc only).

    glibc raises that size to the largest such block freed so far (up to 32 MiB). spaCy's arrays
    of a batch then come from the heap, where blocks that live on pin the pages around them: a
    worker's heap grew by 8 MiB over 2,000 articles (BENCHMARKS.md)."""
    if _mallopt is not None:
        _mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
