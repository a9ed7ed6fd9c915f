"""Progress of long work. Core jobs are generators that yield ``Progress`` and return their
result; the UI's op runner (or the CLI) drives them, shows progress and offers Cancel."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int  # 0 when unknown
    message: str = ""


Job = Generator[Progress, None, T]


class Cancelled(Exception):
    """Raised inside a job's driver when the user cancelled it."""


def run_job(
    job: Job[T],
    on_progress: Callable[[Progress], Any] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> T:
    """Drive *job* to the end; returns its result. Cancelling closes the generator, so its
    ``finally`` blocks and open transactions roll back."""
    try:
        while True:
            step = next(job)
            if on_progress is not None:
                on_progress(step)
            if should_cancel is not None and should_cancel():
                job.close()
                raise Cancelled()
    except StopIteration as stop:
        result: T = stop.value
        return result
