"""What one learner kernel costs in memory, and how many more this machine can hold now: the room's kernel cap
(``room.py``) and the next lesson's ready kernels (``next_lesson_pools.py``) both size themselves from it."""

from __future__ import annotations

# One learner kernel of a lesson (ipywidgets + matplotlib) started the usual way: about 120 MB resident. Forked
# from the zygote it shares the imported libraries and tables: 34–42 MB PSS measured (benchmarks/load.py, 40 and
# 110 learners); 64 MB leaves room for a learner's own charts and answers.
KERNEL_BYTES = 120 * 2**20
ZYGOTE_KERNEL_BYTES = 64 * 2**20
RESERVED_BYTES = 1024 * 2**20  # the system, the browser on the projector, Voila itself


def kernels_that_fit(available_bytes: int, zygote: bool = True) -> int:
    """How many more learner kernels fit in ``available_bytes`` of free memory, keeping ``RESERVED_BYTES`` free
    (``zygote``: kernels forked from the zygote, which share most of their memory). Never below 0."""
    return max(0, (available_bytes - RESERVED_BYTES) // (ZYGOTE_KERNEL_BYTES if zygote else KERNEL_BYTES))


def available_memory() -> int:
    import psutil

    return psutil.virtual_memory().available
