"""Where documents are parsed and annotated when not in this process: local worker processes
(`--n-process N`) or the workers of a dask.distributed cluster (`--dask ADDRESS`, `--dask local:N`).

Either way a worker builds its own annotators once, from the run's options, and is sent batches of
clean documents; it sends back each document with its records, in the order given, so the store's ids
and rows are the same as a one-process run's. It also sends the digest of its annotators: a worker
(on another machine, say) whose model or lexicons differ from the driver's would write records the
digest does not describe, so the run stops with one line saying so.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import numpy

from rashomon.document import Document
from rashomon.store.database import Embeddings, joined

if TYPE_CHECKING:
    from rashomon.annotate.annotators import AnnotateOptions, AnnotationFailed, Annotators, Records
    from rashomon.annotate.embeddings import ClaimEmbedder

    Annotated = list[tuple[Document, Records | AnnotationFailed]]

LOCAL = "local:"  # --dask local:N starts a LocalCluster of N worker processes on this machine
CONNECT_TIMEOUT = "10s"
# Dask starts its worker processes with MALLOC_TRIM_THRESHOLD_=65536, so glibc hands freed memory back
# to the system after each batch and faults it in again for the next; setting it also fixes glibc's
# mmap threshold at 128 KiB, so every larger array is mapped and unmapped anew. A worker holding its
# models keeps its heap instead, and takes arrays up to 32 MiB from it (glibc's own ceiling): 1,000
# documents cost the workers 20 s of system time with Dask's value, 4.5 s with these.
WORKER_ENVIRON = {"MALLOC_TRIM_THRESHOLD_": str(1 << 30), "MALLOC_MMAP_THRESHOLD_": str(32 << 20)}
KEPT = "the batches written before are kept, and a re-run finishes the rest"
TEXTS_PER_TASK = 256  # at most, texts a worker embeds for the links at a time
T = TypeVar("T")


class ClusterError(ValueError):
    """A Dask address that is malformed or cannot be reached, or a worker that annotates differently."""


_BUILT: dict[bytes, Annotators] = {}  # in a worker: annotators by the options they were built from


def _annotators_for(options: AnnotateOptions) -> Annotators:
    from rashomon.annotate.annotators import Annotators  # the worker's own, built on its first batch

    key = pickle.dumps(options)
    if key not in _BUILT:
        _BUILT[key] = Annotators(replace(options, n_process=1, dask=None))
    return _BUILT[key]


def annotate_batch(documents: list[Document], options: AnnotateOptions) -> tuple[str, Annotated, Embeddings]:
    """In a worker: the documents with their records, the digest of the annotators that made them, and
    their claims' texts embedded, on one core (the worker shares the machine with others)."""
    annotators = _annotators_for(options)
    annotated = list(annotators.annotate_here(documents))
    return annotators.digest, annotated, _embedder()(annotated)


@lru_cache(maxsize=1)
def _embedder() -> ClaimEmbedder:
    """In a worker: its claim embedder, on one core, remembering what it embedded for earlier batches."""
    from rashomon.annotate.embeddings import ClaimEmbedder

    return ClaimEmbedder(threads=1)


def embed_texts(texts: list[str]) -> numpy.ndarray:
    """In a worker: `texts` embedded by its sentence model (for linking, which runs in the driver)."""
    return _embedder().embed(texts)


def build_annotators(options: AnnotateOptions) -> str:
    """In a worker: build its annotators and load its sentence model now, before the first batch comes;
    returns the annotators' digest."""
    _embedder().load()
    return _annotators_for(options).digest


class Workers:
    """A pool that annotates batches of documents elsewhere: local processes, or a Dask cluster."""

    def __init__(self, options: AnnotateOptions, parent: Annotators | None = None) -> None:
        """Start the pool. A Dask cluster's workers start building their annotators at once, while this
        process builds its own; local processes are forked from `parent`, its annotators built."""
        self.options = options
        self._client: Any = None
        self._executor: Executor
        if options.dask:
            self._client = connect(options.dask)
            self._executor = self._client.get_executor(pure=False)
            self._building = [  # kept: a future let go is a task cancelled
                self._client.submit(build_annotators, options, workers=[address], pure=False)
                for address in self._client.scheduler_info().get("workers", {})
            ]
        else:
            self._executor = _process_pool(options, parent)

    def size(self) -> int:
        """How many workers share the batches."""
        if self._client is None:
            return self.options.n_process
        return len(self._client.scheduler_info().get("workers", {}))

    def submit(self, batches: list[list[Document]], digest: str) -> Submitted:
        """Start annotating the batches; `Submitted.results()` waits for them, in the order given, and
        checks that the workers' annotators have this process's `digest`."""
        run = _Batch(self.options)
        return Submitted([self._executor.submit(run, batch) for batch in batches], digest)

    def embed(self, texts: Sequence[str]) -> numpy.ndarray:
        """`texts` embedded by the workers' sentence model, a share each, in order: the driver's links then
        need no model of their own (400 MB with torch)."""
        if not texts:
            return numpy.empty((0, 0), dtype=numpy.float32)
        share = max(1, min(TEXTS_PER_TASK, -(-len(texts) // max(1, self.size()))))  # every worker busy
        futures = [self._executor.submit(embed_texts, list(texts[k : k + share])) for k in range(0, len(texts), share)]
        return numpy.concatenate([_result(future) for future in futures])

    def close(self) -> None:
        self._executor.shutdown()
        if self._client is not None:
            cluster = self._client.cluster if self.options.dask and self.options.dask.startswith(LOCAL) else None
            self._client.close()
            if cluster is not None:
                cluster.close()


class Submitted:
    """Batches being annotated by the workers."""

    def __init__(self, futures: list[Future[tuple[str, Annotated, Embeddings]]], digest: str) -> None:
        self.futures, self.digest = futures, digest
        self._embeddings: list[Embeddings] = []

    def results(self) -> Iterator[Annotated]:
        """Each batch's annotated documents, once its worker is done, in the order submitted."""
        for future in self.futures:
            digest, annotated, embeddings = _result(future)
            if digest != self.digest:
                raise ClusterError(
                    f"a worker annotates with other models or lexicons than this process (digest {digest}, "
                    f"here {self.digest}): install the same Rashomon, model and data on every worker"
                )
            self._embeddings.append(embeddings)
            yield annotated

    def embeddings(self) -> Embeddings:
        """The batches' claim texts embedded by their workers, once `results()` has been read."""
        return joined(self._embeddings)


def _result(future: Future[T]) -> T:
    """A worker's result; a worker that died stops the run with one line."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise ClusterError(f"a worker process died (out of memory?); {KEPT}") from None
    except Exception as err:
        if type(err).__name__ != "KilledWorker":  # distributed's: a task whose workers kept dying
            raise
        raise ClusterError(f"Dask workers died on a task ({err}); {KEPT}") from None


class _Batch:
    """`annotate_batch` with the run's options bound: picklable, unlike a lambda or a partial of a
    closure, so a Dask worker can run it."""

    def __init__(self, options: AnnotateOptions) -> None:
        self.options = options

    def __call__(self, documents: list[Document]) -> tuple[str, Annotated, Embeddings]:
        return annotate_batch(documents, self.options)


def connect(address: str) -> Any:
    """A dask.distributed Client: of a new LocalCluster for "local:N", else of the scheduler at
    `address` ("tcp://10.0.0.5:8786")."""
    import dask.config
    from distributed import Client, LocalCluster  # imported here: a run without --dask never needs it

    if address.startswith(LOCAL):
        workers = address.removeprefix(LOCAL)
        if not workers.isdigit() or int(workers) < 1:
            raise ClusterError(f"--dask {address}: local:N needs a number of worker processes, N ≥ 1")
        environ = {f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()}
        # Dask's statistical profiler samples each worker's stacks every 10 ms for a dashboard a local
        # run does not start: 2–3 % of the workers' CPU.
        with dask.config.set({**environ, "distributed.worker.profile.enabled": False}):
            # ours to stop: its workers' shutdown chatter is not the user's business
            cluster = LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)  # fmt: skip
        return Client(cluster)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"--dask {address}: cannot reach the Dask scheduler: {err}") from None


def _process_pool(options: AnnotateOptions, parent: Annotators | None) -> ProcessPoolExecutor:
    """Local worker processes; forked ones inherit the parent's annotators, model and lexicons loaded."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and parent is not None:
        _BUILT[pickle.dumps(options)] = parent
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(options.n_process, mp_context=context)
