"""Memory that ingestion hands back to the system (glibc's allocator, in a fresh process)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator")

# How much the heap grows while 16 blocks of 1 MiB are held, after one of 8 MiB was freed.
HEAP_GROWTH = """
import sys
from kg.memory import map_large_blocks

if sys.argv[1] == "pinned":
    map_large_blocks()


def heap_bytes():
    with open("/proc/self/maps") as maps:
        for line in maps:
            if line.rstrip().endswith("[heap]"):
                start, end = line.split()[0].split("-")
                return int(end, 16) - int(start, 16)
    return 0


large = bytearray(8 << 20)
del large
before = heap_bytes()
held = [bytearray(1 << 20) for _ in range(16)]
print(heap_bytes() - before)
"""


def heap_growth(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", HEAP_GROWTH, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_large_blocks_keep_their_own_mappings_once_pinned() -> None:
    # glibc's default: a freed 8 MiB block raises the bound, and later 1 MiB blocks fill the heap
    assert heap_growth("default") >= 16 << 20
    # pinned: each has a mapping of its own, which goes back to the system when it is freed
    assert heap_growth("pinned") < 1 << 20
