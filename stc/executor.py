"""Where per-transcript work runs: in this process, in worker processes, or on a Dask cluster.

Coding a transcript (tokenize, match, form units) needs nothing from any other transcript, so
whole transcripts go to workers; spaCy's own ``n_process`` parallelizes within a batch of
texts and was slower for the blank pipeline. Results come back in the transcripts' order
whatever finished first, so outputs are byte-identical whatever the number of workers.

Dask is an optional extra (``pip install 'stc[dask]'``), imported only when asked for.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from stc.errors import ConfigError, StcError

T = TypeVar("T")
R = TypeVar("R")

# Worker processes by default: the machine's cores, at most this many (each holds a pipeline).
MAX_DEFAULT_JOBS = 8
# Below this much text, starting workers costs more than it saves: one process does it.
SMALL_CORPUS = 400_000  # characters
# Tasks sent to workers ahead of the one being collected, per worker: on a Dask cluster, and
# in local worker processes (more: results come back in order, and a long transcript at the
# head must not leave the other workers idle; results are small next to the corpus).
AHEAD = 4
LOCAL_AHEAD = 16


@dataclass(frozen=True)
class Executor:
    """How to run: ``jobs`` local processes (None: the default), or a Dask scheduler."""

    jobs: int | None = None
    dask: str | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    return max(1, min(available_cores(), MAX_DEFAULT_JOBS))


def local_jobs(executor: Executor, tasks: int, size: int) -> int:
    """Worker processes to start for ``tasks`` tasks over ``size`` characters of text."""
    if executor.jobs is not None:
        return max(1, min(executor.jobs, tasks))
    if size < SMALL_CORPUS:
        return 1
    return max(1, min(default_jobs(), tasks))


def forks() -> bool:
    """Whether local workers are forked from this process, and so share what it has loaded
    (the pipeline, the matcher, simplemma's dictionary) at no cost. macOS and Windows do not
    fork safely: there each worker loads its own."""
    return sys.platform.startswith("linux")


def _context() -> Any:
    import multiprocessing

    return multiprocessing.get_context("fork" if forks() else "spawn")


def collect_less() -> None:
    """stc builds hundreds of thousands of small, long-lived objects (sentences, units, word
    types) and few reference cycles: with the collector's default thresholds, a warm
    `stc code` spent about a sixth of its time walking them. Collect less often, as mypy
    does for the same reason. Set in the CLI and in every worker process."""
    gc.set_threshold(200_000, 30, 30)


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool and says "interrupted" once,
    instead of every worker printing a traceback. The worker collects as the parent does."""
    import signal

    collect_less()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_all(
    function: Callable[[T], R],
    items: Sequence[T],
    executor: Executor,
    size: int = 0,
) -> Iterator[R]:
    """``function`` over ``items``, results yielded in the items' order, one at a time."""
    if executor.dask:
        yield from _dask(function, items, executor.dask, executor.jobs)
        return
    jobs = local_jobs(executor, len(items), size)
    if jobs == 1:
        for item in items:
            yield function(item)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=_context(), initializer=_quiet_worker
        ) as pool:
            yield from _windowed(pool, function, items, jobs * LOCAL_AHEAD)
    except BrokenProcessPool:
        raise StcError(
            f"a worker process stopped before it had finished (out of memory?); nothing was "
            f"written: run again with fewer workers (--jobs {max(1, jobs // 2)})"
        ) from None


def _windowed(pool: Any, function: Callable[[T], R], items: Sequence[T], ahead: int) -> Iterator[R]:
    """``pool.map`` with at most ``ahead`` tasks sent before the one being collected: results
    a slow consumer has not taken yet (a streaming step 1) are never all held at once."""
    todo = iter(items)
    pending: deque[Any] = deque()
    try:
        pending.extend(pool.submit(function, item) for item in islice(todo, ahead))
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(function, item) for item in islice(todo, 1))
            yield done
    finally:
        for future in pending:
            future.cancel()


def _dask(
    function: Callable[[T], R], items: Sequence[T], address: str, jobs: int | None
) -> Iterator[R]:
    try:
        # Typed as Any: distributed has no type hints.
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:
        raise ConfigError(
            "stc.yaml: [executor.dask] needs Dask, an optional extra: install it with "
            "pip install 'stc[dask]' (or run without --dask / executor.dask)"
        ) from None
    cluster = None
    if address == "local":
        # A cluster of this machine's cores, reachable from this machine only.
        cluster = distributed.LocalCluster(
            n_workers=jobs or default_jobs(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = distributed.Client(cluster)
    else:
        try:
            client = distributed.Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"stc.yaml: [executor.dask] cannot reach the Dask scheduler at '{address}' "
                f"({exc}); start it (dask scheduler), check the address, or use 'local'"
            ) from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()
        for item in items:
            pending.append(client.submit(function, item, pure=False))
            if len(pending) >= workers * AHEAD:
                yield _collect(pending.popleft())
        while pending:
            yield _collect(pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(future: Any) -> Any:
    try:
        value = future.result()
    except Exception as exc:
        if type(exc).__name__ != "KilledWorker":
            raise  # the task's own error (an StcError is a message), as in one process
        raise StcError(
            f"Dask workers died coding a transcript ({exc}); nothing was written: check the "
            "workers' memory, or run without --dask"
        ) from None
    future.release()
    return value
