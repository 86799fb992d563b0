"""The Kelas pages' limits on hostile or runaway phones: how often, how much.

- a class code is 4 to 12 letters or digits; guessing it is throttled per client address
  (:data:`CODE_TRIES` wrong codes per :data:`CODE_WINDOW` seconds, then every try is refused until the window has
  passed, the right code included);
- a learner sends at most :data:`SUBMISSIONS_PER_MINUTE` exercise attempts a minute;
- a request body is at most :data:`MAX_BODY_BYTES` (the longest form, every field at its length limit, fits
  several times over), a form value at most its field's length (:mod:`literasi.kelas.forms`).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

CODE_TRIES, CODE_WINDOW = 10, 300.0
SUBMISSIONS_PER_MINUTE = 6
MAX_BODY_BYTES = 64 * 1024
MAX_NAME_FIELD = 200  # characters of a typed name before the store's own rules


class SlidingWindow:
    """At most ``limit`` events per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        events, cutoff = self._events[key], self.clock() - self.window
        while events and events[0] <= cutoff:
            events.popleft()
        return events

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def add(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(self.clock())
            if len(self._events) > 10_000:  # forget keys with nothing recent (a flood of addresses)
                for stale in [k for k, events in self._events.items() if not events]:
                    del self._events[stale]

    def take(self, key: str) -> bool:
        """Count one event for ``key`` unless it is over the limit; whether it was allowed."""
        with self._lock:
            events = self._recent(key)
            if len(events) >= self.limit:
                return False
            events.append(self.clock())
            return True
