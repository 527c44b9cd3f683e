"""Embedding a knowledge base on a Ray cluster (``pomocbot index KB --ray [ADDRESS]``).

Embedding is nearly all of a build's time, and chunk texts are independent,
so only that step is spread out; chunking, BM25 and the vector store stay the
normal single-process :meth:`~pomocbot.Assistant.add_documents`:

1. load the folder and chunk the documents exactly as the index will (the
   same sanitising and :class:`~pomocbot.knowledge.chunker.Chunker`), keeping
   the texts whose hash (``content_hash``) neither the index, its cache nor the
   checkpoint holds;
2. embed those with Ray Data: ``map_batches(EmbedderActor, concurrency=N)``,
   one actor per CPU (or per GPU where the cluster has them), each building its
   embedder once (embedders hold ONNX sessions and do not pickle);
3. write every batch as it arrives into a :class:`ShardCheckpoint`, so a
   rerun after a lost actor or Ctrl-C embeds only what is missing;
4. put all vectors into the index's embedding cache (sized for the corpus,
   so its LRU drops none) and run the normal upsert, which then embeds nothing.

What ``pomocbot index KB --out index/ --ray`` runs::

    assistant = Assistant(config)
    report, stats = build_with_ray(assistant, "kb/", checkpoint_folder("index/"), address="head:6379")
    assistant.save("index/")
    shutil.rmtree(checkpoint_folder("index/"))  # its vectors are in the saved index now

>>> RayBuildStats(texts=330, embedded=200, resumed=130)
RayBuildStats(texts=330, embedded=200, resumed=130, actors=0, ...)
"""

from __future__ import annotations

import contextlib
import importlib
import os
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pomocbot.config import AssistantConfig
from pomocbot.errors import (
    DependencyMissingError,
    EmbedderMismatchError,
    EmbeddingError,
    InvalidArgumentError,
    RayClusterError,
)
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.loaders import load_directory
from pomocbot.knowledge.sanitise import sanitised_batch
from pomocbot.retrieval.embedders import Embedder, check_embeddings
from pomocbot.retrieval.ray_checkpoint import ShardCheckpoint
from pomocbot.types import IngestionReport

if TYPE_CHECKING:
    from pomocbot.assistant import Assistant

__all__ = ["EmbedderActor", "RayBuildStats", "RayClusterError", "build_with_ray", "embed_with_ray",
           "pending_texts", "ray_session"]

ProgressCallback = Callable[[int, int], None]

_INSTALL_HINT = "pip install 'pomocbot[ray]'"
_CONNECT_TIMEOUT_S = 5.0
"""Seconds the cluster's address gets to answer (ray.init itself retries a dead address for minutes)."""


@dataclass
class RayBuildStats:
    """What a Ray build did: texts embedded now, taken from the checkpoint, and the actors used."""

    texts: int = 0
    embedded: int = 0
    resumed: int = 0
    actors: int = 0
    prepare_s: float = 0.0  # loading, sanitising and chunking the documents
    startup_s: float = 0.0  # joining or starting the cluster
    first_batch_s: float = 0.0  # from the dataset's start to its first batch: actors started, model loaded
    embed_s: float = 0.0  # from the dataset's start to its last batch
    index_s: float = 0.0  # the upsert (BM25, vector store), embedding nothing


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise DependencyMissingError(f"indexing with --ray needs Ray Data ({_INSTALL_HINT})") from exc
    return ray


def _check_reachable(address: str) -> None:
    """Fail in seconds, naming the address, where ray.init would retry a dead GCS for minutes."""
    if address == "auto" or "://" in address:
        return  # "auto" reads a local file; ray:// (Ray Client) fails fast by itself
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise RayClusterError(f"Ray address {address!r} is not HOST:PORT, 'auto' or ray://HOST:PORT")
    try:
        socket.create_connection((host, int(port)), timeout=_CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise RayClusterError(f"the Ray cluster at {address} cannot be reached ({exc}); start it with "
                              f"`ray start --head` or omit the address for a local cluster") from exc


@contextlib.contextmanager
def ray_session(address: str | None = None, *, num_cpus: int | None = None) -> Iterator[Any]:
    """Ray, connected: to ``address``, or a local cluster of ``num_cpus`` (every core) when None.

    A session already open in this process (a test's, a notebook's) is used and left open::

        with ray_session("head-node:6379") as ray:
            print(ray.cluster_resources())
    """
    ray = _import_ray()
    if ray.is_initialized():
        yield ray
        return
    if address is not None:
        _check_reachable(address)
    try:
        if address is None:
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    except (ConnectionError, TimeoutError, RuntimeError, ValueError) as exc:
        where = address or "a local cluster"
        raise RayClusterError(f"Ray cannot start or join {where}: {type(exc).__name__}: {exc}") from exc
    try:
        yield ray
    finally:
        ray.shutdown()


def _load_embedder(spec: str | None, config: AssistantConfig) -> Embedder:
    """The embedder ``spec`` ("module:Class", built with no arguments) names, else the config's."""
    if spec is None:
        from pomocbot.parts import build_embedder

        return build_embedder(config)
    module, _, name = spec.partition(":")
    if not module or not name:
        raise InvalidArgumentError(f"embedder import path {spec!r} is not 'module:Class'")
    try:
        return getattr(importlib.import_module(module), name)()
    except (ImportError, AttributeError) as exc:
        raise InvalidArgumentError(f"embedder {spec!r} cannot be imported on a Ray worker ({exc}); "
                                   f"the module must be importable there (installed or on PYTHONPATH)"
                                   ) from exc


class EmbedderActor:
    """A Ray Data map_batches actor: builds the embedder once, then embeds ``{"digest", "text"}`` batches.

    ``spec`` names an embedder class to build instead of the config's (it must import on the workers):

    >>> EmbedderActor(AssistantConfig(), name="e5", dimension=384, spec="no_such_module:Embedder")
    Traceback (most recent call last):
    ...
    pomocbot.errors.InvalidArgumentError: embedder 'no_such_module:Embedder' cannot be imported ...
    """

    def __init__(self, config: AssistantConfig, *, name: str, dimension: int, spec: str | None = None,
                 threads: int = 1) -> None:
        if spec is None and config.retrieval.build_threads is None:
            # One actor per core: every actor on all cores would oversubscribe the node.
            retrieval = config.retrieval.model_copy(update={"build_threads": threads})
            config = config.model_copy(update={"retrieval": retrieval})
        self.embedder = _load_embedder(spec, config)
        if self.embedder.name != name or self.embedder.dimension != dimension:
            raise EmbedderMismatchError(f"a Ray actor built embedder {self.embedder.name!r}, the index has "
                                        f"{name!r}")

    def __call__(self, batch: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(text) for text in batch["text"]]
        vectors = check_embeddings(np.asarray(self.embedder.embed(texts, kind="passage")), len(texts),
                                   self.embedder.dimension, self.embedder.name)
        return {"digest": np.asarray(batch["digest"]), "vector": vectors}


def _check_actors_embedder(assistant: Assistant, spec: str | None) -> None:
    """Actors building the config's embedder must build the assistant's (else they fail on the cluster)."""
    from pomocbot.config import EmbedderKind
    from pomocbot.retrieval.e5 import E5Embedder
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    names = {EmbedderKind.E5: E5Embedder.name, EmbedderKind.USE: UniversalSentenceEncoder.name}
    expected = names.get(assistant.config.retrieval.embedder)
    if spec is None and expected is not None and expected != assistant.embedder.name:
        raise EmbedderMismatchError(f"the Ray actors would build {expected!r} (the config's embedder) but "
                                    f"the assistant embeds with {assistant.embedder.name!r}; pass "
                                    f"spec='module:Class' naming the assistant's embedder")


def pending_texts(assistant: Assistant, documents: list[Document]) -> dict[str, str]:
    """Chunk texts of ``documents`` the index would embed, by hash: what :meth:`KnowledgeIndex.upsert` does.

    The documents are sanitised as :meth:`~pomocbot.Assistant.add_documents`
    will (masking changes the text, hence the hash); unchanged documents and
    texts the index or its cache already hold are left out::

        documents, _ = load_directory("kb/")
        texts = pending_texts(assistant, documents)  # {"3f2a…": "Zwroty\nMasz 14 dni…", ...}
    """
    index = assistant.index
    cleaned, _, _ = sanitised_batch(documents, assistant.config, lambda text: assistant.redactor.detect(text))
    latest = {d.id: d for d in cleaned if isinstance(d, Document)}  # the last of a duplicate id wins
    known = set(index.cached_vectors()[0])
    texts: dict[str, str] = {}
    for document in latest.values():
        entry = index.documents.get(document.id)
        if entry is not None and entry.content_hash == document.content_hash:
            continue
        for chunk in index.chunker.chunk(document):
            if chunk.content_hash not in known:
                texts.setdefault(chunk.content_hash, chunk.search_text)
    return texts


def _actor_resources(ray: Any, actors: int | None, device: str) -> tuple[int, dict[str, float]]:
    """How many actors, and what each reserves: one per GPU where asked for or present, else per CPU."""
    resources = ray.cluster_resources()
    gpus = int(resources.get("GPU", 0))
    if device not in ("auto", "cpu", "gpu"):
        raise InvalidArgumentError(f"device must be 'auto', 'cpu' or 'gpu', not {device!r}")
    if device == "gpu" and not gpus:
        raise RayClusterError("device='gpu' but the Ray cluster has no GPU")
    on_gpu = device == "gpu" or (device == "auto" and gpus > 0)
    available = gpus if on_gpu else max(1, int(resources.get("CPU", 1)))
    count = available if actors is None else actors
    if count < 1:
        raise InvalidArgumentError(f"actors must be at least 1, not {count}")
    return count, ({"num_gpus": 1} if on_gpu else {"num_cpus": 1})


def embed_with_ray(texts: Mapping[str, str], config: AssistantConfig, checkpoint: ShardCheckpoint, *,
                   address: str | None = None, actors: int | None = None, spec: str | None = None,
                   device: str = "auto", batch_size: int | None = None,
                   progress: ProgressCallback | None = None) -> tuple[dict[str, np.ndarray], RayBuildStats]:
    """Vectors of ``texts`` (hash -> text): from ``checkpoint`` where it has them, the rest embedded on Ray.

    Each batch is written to the checkpoint as it arrives, before the next one
    is read, so an interruption loses at most the batches in flight::

        shards = ShardCheckpoint("index.ray-checkpoint", embedder.name, embedder.dimension)
        vectors, stats = embed_with_ray({chunk.content_hash: chunk.search_text}, config, shards)
    """
    stats = RayBuildStats(texts=len(texts))
    done = {digest: vector for digest, vector in checkpoint.read().items() if digest in texts}
    stats.resumed = len(done)
    todo = [digest for digest in texts if digest not in done]
    if progress:
        progress(len(done), len(texts))
    if not todo:
        return done, stats
    started = time.perf_counter()
    with ray_session(address) as ray:
        stats.actors, resources = _actor_resources(ray, actors, device)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the CLI draws its own
        context.print_on_execution_start = False
        stats.startup_s = time.perf_counter() - started
        started = time.perf_counter()
        size = batch_size or config.retrieval.embed_batch_size
        # One block per batch: the default 200 blocks cut batches into slivers Ray Data glues back.
        dataset = ray.data.from_items([{"digest": digest, "text": texts[digest]} for digest in todo],
                                      override_num_blocks=-(-len(todo) // size))
        embedded = dataset.map_batches(
            EmbedderActor, batch_format="numpy", batch_size=size,
            compute=ray.data.ActorPoolStrategy(size=stats.actors), fn_constructor_kwargs={
                "config": config, "name": checkpoint.embedder, "dimension": checkpoint.dimension,
                "spec": spec}, **resources)
        try:
            for batch in embedded.iter_batches(batch_size=None, batch_format="numpy"):
                digests = [d.decode() if isinstance(d, bytes) else str(d) for d in batch["digest"]]
                vectors = np.asarray(batch["vector"], dtype=np.float32)
                checkpoint.write(digests, vectors)
                done.update(zip(digests, vectors, strict=True))
                if not stats.embedded:
                    stats.first_batch_s = time.perf_counter() - started
                stats.embedded += len(digests)
                if progress:
                    progress(len(done), len(texts))
        except (ray.exceptions.RayError, ray.data.exceptions.UserCodeException) as exc:
            raise EmbeddingError(f"embedding on Ray failed after {len(done)} of {len(texts)} texts "
                                 f"({type(exc).__name__}); they are in {checkpoint.folder}, a rerun "
                                 f"embeds only the rest") from exc
    stats.embed_s = time.perf_counter() - started
    return done, stats


def build_with_ray(assistant: Assistant, kb_dir: str | Path, checkpoint_dir: str | Path, *,
                   address: str | None = None, actors: int | None = None, spec: str | None = None,
                   device: str = "auto", progress: ProgressCallback | None = None,
                   ) -> tuple[IngestionReport, RayBuildStats]:
    """Index the folder ``kb_dir`` into ``assistant``, its chunk texts embedded on Ray.

    ``spec`` ("module:Class") names the embedder the actors build; by default
    they build the one ``assistant.config`` names. It must be the assistant's
    embedder (same name and dimension). The caller saves the assistant and
    then removes the checkpoint (``ShardCheckpoint.remove``)::

        report, stats = build_with_ray(assistant, "kb/", "index.ray-checkpoint", actors=4)
        assert report.chunks_embedded == 0  # every vector came from the actors
    """
    _check_actors_embedder(assistant, spec)
    ray = _import_ray()  # no Ray or no cluster fails here, before seconds of loading and sanitising
    if address is not None and not ray.is_initialized():
        _check_reachable(address)
    started = time.perf_counter()
    kc = assistant.config.knowledge
    documents, report = load_directory(kb_dir, encodings=kc.encodings, max_bytes=kc.max_file_bytes)
    texts = pending_texts(assistant, documents)
    prepare_s = time.perf_counter() - started
    embedder = assistant.embedder
    checkpoint = ShardCheckpoint(checkpoint_dir, embedder.name, embedder.dimension)
    vectors, stats = embed_with_ray(texts, assistant.config, checkpoint, address=address, actors=actors,
                                    spec=spec, device=device, progress=progress)
    stats.prepare_s = prepare_s
    started = time.perf_counter()
    cache = assistant.index.embedding_cache
    capacity = cache.capacity
    # The cache is an LRU: sized below the corpus it would drop vectors and the upsert re-embed them.
    cache.capacity = max(capacity, len(cache) + len(vectors))
    try:
        if vectors:
            digests = list(vectors)
            cache.put_many(digests, np.stack([vectors[d] for d in digests]))
        assistant.add_documents(documents, _report=report)
    finally:
        cache.capacity = capacity
    stats.index_s = time.perf_counter() - started
    return report, stats
