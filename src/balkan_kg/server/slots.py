"""How many queries are evaluated at once, and how long the others wait.

Each query the server evaluates holds a worker process (:mod:`balkan_kg.query.isolation`)
and a thread that waits for it. :class:`Slots` lets at most ``size`` queries do so;
a query that finds them all taken waits on the event loop (holding neither a thread
nor a worker), first come first served, for at most ``wait`` seconds, and is then
answered 503 with a ``Retry-After``. Since every running query is stopped at its time
limit, waiting that long means the server is saturated, not that one query is slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import AsyncIterator

from .protocol import RequestError


class Slots:
    """At most ``size`` holders at once; the others wait up to ``wait`` seconds.

    Used from one event loop only (no lock is needed).
    """

    def __init__(self, size: int, wait: float) -> None:
        self.size = size
        self.wait = wait
        self.free = size
        self._waiters: deque[asyncio.Future[bool]] = deque()

    @property
    def busy(self) -> int:
        """Slots held now."""
        return self.size - self.free

    @property
    def waiting(self) -> int:
        """Requests waiting for a slot now."""
        return sum(1 for waiter in self._waiters if not waiter.done())

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        """Hold a slot for the body of the ``async with``.

        :raises RequestError: (503, with ``Retry-After``) when none was free within
            ``wait`` seconds.
        """
        await self._acquire()
        try:
            yield
        finally:
            self._release()

    async def _acquire(self) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiters.append(waiter)
        # The timer settles the future instead of cancelling the task, so a slot
        # handed over at the same moment is never lost.
        timer = loop.call_later(self.wait, _settle, waiter, False)
        try:
            granted = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.result():
                self._release()
            else:
                _settle(waiter, False)
            raise
        finally:
            timer.cancel()
        if not granted:
            raise RequestError(
                503,
                f"the server is busy: all {self.size} query workers stayed taken for "
                f"{self.wait:g} s; try again shortly",
                {"Retry-After": str(max(1, math.ceil(self.wait / 2)))},
            )

    def _release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(True)  # the slot passes straight to the next in line
                return
        self.free += 1


def _settle(waiter: asyncio.Future[bool], value: bool) -> None:
    if not waiter.done():
        waiter.set_result(value)
