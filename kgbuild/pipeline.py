"""The main job: articles → extractions → RDF → the store (or a remote
endpoint) → files and HTML.

A plain function per job, called by the CLI (:mod:`kgbuild.cli`) and by
tests. One bad article never stops a batch: its error is recorded and the
others go on.

:func:`build` streams: articles are read one at a time
(:func:`kgbuild.ingest.read_articles`), cut into chunks, and each chunk goes
through :func:`process_batch`, the pure per-article function (extraction,
in-article resolution, RDF mapping → N-Triples) run in this process, in
``workers`` processes, or on a Dask cluster; results come back in input
order, a bounded number of chunks in flight, and are written to the store in
batches. Memory does not grow with the corpus, and the store is the same
whatever the number of workers or the engine.

IRIs in the store come from one article at a time (``resolve([x])``): the
same entity gets the same IRI in every article and every run because IRIs
are derived from normalised keys, GeoNames ids and ISO codes, so an article
built today and one built next month meet in the same nodes, and rebuilding
an article never changes another article's graph. The order-dependent
cross-article rule of :mod:`kgbuild.resolve` (a bare family name merged
into the one full name sharing its organisation) is left to
:func:`build_dataset`, which sees the whole batch at once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kgbuild.extract import extract
from kgbuild.extract.combine import DEFAULT as NER_DEFAULT
from kgbuild.ingest import IngestError, origin_notes, read_articles, split_origin
from kgbuild.model import Article, Extraction
from kgbuild.rdf import to_dataset
from kgbuild.resolve import resolve


@dataclass
class BuildReport:
    """What a build did: counts for the summary, the failures, the outputs."""

    articles: int = 0
    entities: Counter = field(default_factory=Counter)
    memberships: int = 0
    events: Counter = field(default_factory=Counter)
    errors: list[IngestError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    store: Path | None = None
    store_articles: int | None = None
    endpoint: str | None = None
    graphs_sent: int = 0
    recovered: int = 0
    merges: int = 0  # persons merged by the whole-store resolution pass
    seconds: float = 0.0
    #: origins of articles read with notes (decoded, cleaned, taken from HTML)
    notes: list[str] = field(default_factory=list)
    #: origins of articles whose id an earlier article of the same batch had
    #: (the later one replaces the earlier: one named graph per article id)
    repeated: list[str] = field(default_factory=list)
    #: True when ``strict`` stopped the build at its first failure
    stopped: bool = False
    #: True when no article was built into a store that did not exist before:
    #: the empty store was removed and no graph file written
    nothing_written: bool = False
    #: the counts above as summed over articles (an entity named in three
    #: articles counts three times); set when the counts were replaced by
    #: those of the store's merged graph (:func:`store_counts`)
    per_article: tuple[Counter, int, Counter] | None = None

    #: At most this many failures are listed by :meth:`summary`.
    MAX_LISTED = 50

    def summary(self) -> str:
        """A few lines for the terminal."""
        ents = ", ".join(f"{k}: {v}" for k, v in sorted(self.entities.items())) or "none"
        evs = ", ".join(f"{k}: {v}" for k, v in sorted(self.events.items())) or "none"
        lines = [
            f"articles: {self.articles}",
            f"entities: {sum(self.entities.values())} ({ents})",
            f"memberships: {self.memberships}",
            f"events: {sum(self.events.values())} ({evs})",
        ]
        if self.per_article is not None:
            ents_a, mbs_a, evs_a = self.per_article
            lines.append(f"  (nodes of the store's merged graph, with the governments and countries posts imply; "
                         f"summed over articles, this batch's: {sum(ents_a.values())} entities, {mbs_a} memberships, "
                         f"{sum(evs_a.values())} events)")
        if self.seconds:
            lines.append(f"time: {self.seconds:.1f} s ({self.articles / self.seconds:.1f} articles/s)")
        if self.recovered:
            lines.append(f"finished an interrupted batch: {self.recovered} articles")
        if self.store is not None:
            lines.append(f"store: {self.store} ({self.store_articles} articles)")
            if self.merges:
                lines.append(f"  merged by the whole-store resolution pass: {self.merges} IRIs "
                             "(owl:sameAs and kgb:Merge records in the named graph …/graph/resolution)")
        if self.nothing_written:
            lines.append("nothing written: no article was built, so no store and no graph file were made")
        if self.endpoint is not None:
            lines.append(f"endpoint: {self.endpoint} ({self.graphs_sent} graphs sent)")
        self._listed(lines, "read with notes (decoded, cleaned, taken from HTML, or language)", self.notes)
        self._listed(lines, "repeated article ids (the later article replaced the earlier)", self.repeated)
        if self.stopped:
            lines.append("stopped at the first failure (--strict): later inputs were not built")
        self._listed(lines, "failed", self.errors)
        return "\n".join(lines)

    def _listed(self, lines: list[str], title: str, items: list) -> None:
        """``title: N`` and the first :attr:`MAX_LISTED` items, one per line."""
        if not items:
            return
        lines.append(f"{title}: {len(items)}")
        lines += [f"  {i}" for i in items[:self.MAX_LISTED]]
        if len(items) > self.MAX_LISTED:
            lines.append(f"  ... and {len(items) - self.MAX_LISTED} more")

    @property
    def exit_status(self) -> int:
        """0 when every input was built, 1 when some failed (usage errors,
        status 2, never reach a report)."""
        return 1 if self.errors else 0


def write_errors(errors: Iterable[IngestError], path: str | Path) -> Path:
    """Write failures as JSON Lines to ``path`` (atomically), one object per
    failure: ``file``, ``line`` (null but for JSON Lines), ``reason``,
    ``origin`` (the one-line report's first part) and ``notes``. An empty
    list writes an empty file. Returns the path."""
    import json

    path = Path(path)
    write_atomic(path, "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in errors))
    return path


def extract_all(paths: Iterable[str | Path], errors: list[IngestError] | None = None, *,
                strict: bool = False, ner: bool = NER_DEFAULT) -> list[Extraction]:
    """Read and extract every article under ``paths``. Unreadable inputs and
    articles whose extraction fails are appended to ``errors`` (when given)
    and skipped; with ``strict`` the first failure stops the reading (the
    extractions before it are returned). ``ner``: see :func:`extract_article`."""
    out = []
    for item in read_articles(paths):
        if not isinstance(item, IngestError):
            try:
                out.append(extract_article(item, ner=ner))
                continue
            except Exception as e:  # one bad article never stops a batch
                item = IngestError(item.origin or item.id, f"extraction failed: {type(e).__name__}: {e}")
        if errors is not None:
            errors.append(item)
        if strict:
            break
    return out


def extract_article(article: Article, *, ner: bool = NER_DEFAULT) -> Extraction:
    """Extract one article with its language's default extractor; with
    ``ner``, add the names the statistical NER model finds and the rules
    miss (:func:`kgbuild.extract.combine.combine`; default
    :data:`kgbuild.extract.combine.DEFAULT`, off)."""
    x = extract(article)
    if ner:
        from kgbuild.extract.combine import combine, model_spans

        combine(x, model_spans(article.text, article.lang))
    return x


def build_dataset(extractions: list[Extraction]) -> Dataset:
    """Resolve identities across the extractions and map them to RDF."""
    from kgbuild.rdf import ID
    from kgbuild.resolve import merges_graph

    res = resolve(extractions)
    ds = to_dataset(extractions, res.iris)
    if res.merges:  # the batch rules' merges, to see and undo them (kgb:Merge)
        g = ds.graph(ID["graph/resolution"])
        for t in merges_graph(res):
            g.add(t)
    return ds


def _umask() -> int:
    """The process's umask (read without changing it where Linux allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_tmp(path: Path) -> str:
    """A temporary file beside ``path`` for an atomic write, with the mode a
    new file would get (0666 less the umask; mkstemp's own is 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    return tmp


def _clear_stale_tmp(folder: Path, names: Iterable[str]) -> None:
    """Remove temporary files that a killed write of ``names`` left in
    ``folder`` (the store's lock makes the build their only writer)."""
    for name in names:
        for stale in folder.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file in the
    same folder, synced, and a rename, so an interrupted write never leaves
    a half file and the previous file survives. The file's mode is 0666
    less the umask, as for any new file."""
    path = Path(path)
    tmp = _atomic_tmp(path)
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- per article

@dataclass
class ArticleResult:
    """What :func:`process_article` makes of one article: its named graph's
    IRI and N-Triples (sorted, each triple once), and counts for the
    summary. Plain data: picklable, cheap to send between processes."""

    id: str
    graph: str
    ntriples: str
    entities: dict[str, int]
    memberships: int
    events: dict[str, int]
    #: where it was read from, with ingest's notes (:func:`kgbuild.ingest.origin_notes`)
    origin: str = ""


class _TripleSink:
    """Stands in for the rdflib ``Dataset`` that :func:`kgbuild.rdf.add_extraction`
    writes to, collecting the triples (several times faster than rdflib's
    indexed memory store, which a one-article graph does not need)."""

    def __init__(self) -> None:
        self.triples: list[tuple] = []

    def graph(self, _gid):
        return self

    def remove_graph(self, _g) -> None:
        pass

    def add(self, triple) -> None:
        self.triples.append(triple)


def article_ntriples(x: Extraction) -> str:
    """N-Triples of one article's named graph, IRIs resolved within the
    article (module docstring)."""
    from kgbuild.rdf import add_extraction
    from kgbuild.store import ntriples

    sink = _TripleSink()
    add_extraction(sink, x, resolve([x]).iris.get(x.article.id))
    return ntriples(sink.triples)


def process_article(article: Article, *, ner: bool = NER_DEFAULT) -> ArticleResult:
    """The pure function of one article: extract it (``ner``: with the NER
    model, :func:`extract_article`), resolve its entities' IRIs, map it to
    RDF. Raises what the extractor raises."""
    from kgbuild.rdf import graph_iri

    x = extract_article(article, ner=ner)
    return ArticleResult(
        id=article.id, graph=str(graph_iri(article.id)), ntriples=article_ntriples(x),
        entities=dict(Counter(e.type for e in x.entities.values() if e.mentions)),
        memberships=len(x.memberships), events=dict(Counter(e.type for e in x.events)),
        origin=article.origin)


def process_batch(items: list[Article | IngestError], *, ner: bool = NER_DEFAULT
                  ) -> list[ArticleResult | IngestError]:
    """:func:`process_article` over a list, in order; an article whose
    processing fails becomes an :class:`IngestError`, and errors given in
    the list pass through. This is the function a distributed engine runs
    (Dask here; Spark with ``mapPartitions``: README.md, "Store").
    ``ner``: see :func:`extract_article`."""
    out: list[ArticleResult | IngestError] = []
    for item in items:
        if isinstance(item, IngestError):
            out.append(item)
            continue
        try:
            out.append(process_article(item, ner=ner))
        except Exception as e:  # one bad article never stops a batch
            out.append(IngestError(item.origin or item.id, f"extraction failed: {type(e).__name__}: {e}"))
    return out


# ---------------------------------------------------------------- engines

def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(submit: Callable, chunks: Iterable[list], window: int) -> Iterator[list]:
    """Submit chunks, at most ``window`` in flight, and yield their results
    in submission order (futures with ``.result()``: concurrent.futures or
    Dask)."""
    pending: deque = deque()
    try:
        for c in chunks:
            pending.append(submit(c))
            while len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()


def _warm_worker(ner: bool = False) -> None:
    """Load the extractors (and with ``ner`` the NER models) once per worker
    process, before the first task."""
    from kgbuild.extract import DEFAULTS, get_extractor

    for name in DEFAULTS.values():
        try:
            get_extractor(name)
        except Exception:  # a missing language pack fails on its articles, not here
            pass
    if ner:
        from kgbuild import ner as ner_models

        for lang in ner_models.LANGUAGES:
            try:
                ner_models.load(lang)
            except Exception:  # a missing model fails on its articles, not here
                pass


def _run_local(chunks: Iterable[list], workers: int, ner: bool = NER_DEFAULT) -> Iterator[list]:
    if workers <= 1:
        for c in chunks:
            yield process_batch(c, ner=ner)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent may run threads (the progress bar)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_warm_worker, initargs=(ner,)) as pool:
        try:
            yield from _ordered(lambda c: pool.submit(process_batch, c, ner=ner), chunks, window=workers * 4)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _run_dask(chunks: Iterable[list], workers: int, scheduler: str | None,
              ner: bool = NER_DEFAULT) -> Iterator[list]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise RuntimeError("the Dask engine needs the optional extra: pip install 'kgbuild[dask]'") from e
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        n = max(len(client.scheduler_info().get("workers", {})), 1)
        yield from _ordered(lambda c: client.submit(process_batch, c, ner=ner, pure=False), chunks, window=n * 4)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


ENGINES = ("local", "dask")


def process_stream(paths: Iterable[str | Path], *, workers: int = 1, engine: str = "local",
                   scheduler: str | None = None, chunk_size: int | None = None, ner: bool = NER_DEFAULT
                   ) -> Iterator[ArticleResult | IngestError]:
    """Read the articles under ``paths`` as a stream and yield, in input
    order, an :class:`ArticleResult` per article or an :class:`IngestError`.
    ``engine``: ``local`` (this process when ``workers`` is 1, else that many
    processes) or ``dask`` (the cluster at ``scheduler``, else a local
    cluster of ``workers`` processes on 127.0.0.1). ``ner``: add the NER
    model's names (:func:`extract_article`). Raises ValueError for
    another engine; RuntimeError when Dask is not installed."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    size = chunk_size or (1 if engine == "local" and workers <= 1 else 8 if engine == "local" else 32)
    chunks = _chunks(read_articles(paths), size)
    runs = (_run_local(chunks, workers, ner) if engine == "local"
            else _run_dask(chunks, workers, scheduler, ner))
    for results in runs:
        yield from results


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A quick upper estimate of the number of articles under ``paths``
    (non-blank lines of JSON Lines files, one per text file), for a progress
    bar. Reads the files once, without parsing."""
    from kgbuild.ingest import InputError, is_jsonl, iter_paths, open_jsonl

    n = 0
    for p in iter_paths(paths):
        if isinstance(p, IngestError):
            n += 1
        elif is_jsonl(p):
            try:
                with open_jsonl(p) as fh:
                    for line in fh:
                        n += bool(line.strip())
            except (OSError, EOFError, InputError):
                n += 1
        else:
            n += 1
    return n


# ---------------------------------------------------------------- the build

#: Articles written to the store per crash-safe batch.
BATCH_ARTICLES = 500
#: ... or fewer when their N-Triples reach this many characters.
BATCH_CHARS = 32_000_000


def build(paths: Iterable[str | Path], out_dir: str | Path, *, store: str | Path | None = None,
          workers: int = 1, engine: str = "local", scheduler: str | None = None,
          endpoint: str | None = None, files: bool = True,
          on_progress: Callable[[int], None] | None = None,
          batch_articles: int = BATCH_ARTICLES, chunk_size: int | None = None,
          strict: bool = False, ner: bool = NER_DEFAULT) -> BuildReport:
    """Build the articles under ``paths`` into the store ``store`` (default
    ``out_dir/store``: one named graph per article, an article built again
    replaces its graph) and, with ``files``, write ``out_dir/graph.ttl``
    (the merged graph of the whole store), ``graph.trig`` (one named graph
    per article) and ``graph.html`` (the actor graph).

    With ``endpoint`` (a SPARQL 1.1 Graph Store Protocol URL) each article's
    graph is PUT there instead, and no local store or file is written.
    ``workers``, ``engine``, ``scheduler``: see :func:`process_stream`.
    ``on_progress(n)`` is called as ``n`` more inputs are done.
    ``strict``: stop at the first failure (the articles built before it are
    kept; no file is written; ``report.stopped`` is set).
    ``ner``: add the NER model's names (:func:`extract_article`).
    Returns a :class:`BuildReport`. Raises StoreError (store in use, not a
    store), EndpointError (endpoint refused or unreachable), ValueError
    (bad engine)."""
    import time

    from kgbuild.store import ArticleStore, GraphStoreClient

    t0 = time.perf_counter()
    out = Path(out_dir)
    report = BuildReport()
    stream = process_stream(paths, workers=workers, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
                            ner=ner)

    seen: dict[int, str] = {}  # hash of each article graph built so far → where it was read

    def account(r) -> bool:
        if on_progress:
            on_progress(1)
        if isinstance(r, IngestError):
            report.errors.append(r)
            return False
        h = hash(r.graph)
        src, line, _notes = split_origin(r.origin) if r.origin else (r.graph, None, [])
        where = f"{src}:{line}" if line else src
        if h in seen:
            report.repeated.append(f"{where}: id {r.id!r} as {seen[h]}")
        seen[h] = where
        if r.origin and origin_notes(r.origin):
            report.notes.append(r.origin)
        report.articles += 1
        report.entities.update(r.entities)
        report.memberships += r.memberships
        report.events.update(r.events)
        return True

    if endpoint:
        report.endpoint = endpoint
        with GraphStoreClient(endpoint) as client:
            for r in stream:
                if account(r):
                    client.put_graph(r.graph, r.ntriples.encode("utf-8"))
                    report.graphs_sent += 1
                elif strict:
                    report.stopped = True
                    stream.close()
                    break
        report.seconds = time.perf_counter() - t0
        return report

    store_path = Path(store) if store is not None else out / "store"
    fresh, fresh_out = not store_path.exists(), not out.exists()
    with ArticleStore(store_path) as st:
        report.recovered = getattr(st, "recovered", 0)
        batch: list[tuple[str, str]] = []
        chars = 0
        for r in stream:
            if not account(r):
                if strict:
                    report.stopped = True
                    stream.close()  # stops the workers' pending chunks
                    break
                continue
            batch.append((r.graph, r.ntriples))
            chars += len(r.ntriples)
            if len(batch) >= batch_articles or chars >= BATCH_CHARS:
                st.replace(batch)
                batch, chars = [], 0
        st.replace(batch)
        if report.articles:
            from kgbuild.resolve import resolve_store

            report.merges = len(resolve_store(st))  # identities that need the whole store
            st.optimize()  # compacts the bulk-loaded files: queries run 1.5-3x faster
        report.store = store_path
        report.store_articles = st.article_count()
        if report.store_articles:  # the counts are the store's, also when this batch added nothing
            report.per_article = (report.entities, report.memberships, report.events)
            report.entities, report.memberships, report.events = store_counts(st)
    if fresh and not report.store_articles:
        # every input failed on a new store: leave no empty store and no empty graph files behind
        shutil.rmtree(store_path, ignore_errors=True)
        if fresh_out and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        report.store = None
        report.nothing_written = True
    elif files and not report.stopped:
        write_files(store_path, out)
        report.outputs += [out / "graph.ttl", out / "graph.trig", out / "graph.html"]
    report.seconds = time.perf_counter() - t0
    return report


_COUNTS = """PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
  { ?s a ?c . VALUES (?c ?kind) { (schema:Person "Person") (schema:Organization "Organization")
                                  (schema:Place "Place") (org:Membership "membership") }
    FILTER NOT EXISTS { GRAPH <%s> { ?s owl:sameAs ?other } } }
  UNION { ?s a sem:Event, ?t . FILTER(STRSTARTS(STR(?t), "%s")) BIND(STRAFTER(STR(?t), "%s") AS ?kind) }
} GROUP BY ?kind"""


def store_counts(st) -> tuple[Counter, int, Counter]:
    """Nodes of the store's merged graph: ``(entities by type, memberships,
    events by type)``. A person merged into another by the resolution pass
    (``owl:sameAs``) is not counted again. One SPARQL query on Oxigraph.
    Input: an open :class:`kgbuild.store.ArticleStore`."""
    from kgbuild.namespace import KGB
    from kgbuild.resolve import RESOLUTION_GRAPH

    ents, evs, mbs = Counter(), Counter(), 0
    for row in st.query(_COUNTS % (RESOLUTION_GRAPH, KGB, KGB)):
        kind, n = row[0].value, int(row[1].value)
        if kind in ("Person", "Organization", "Place"):
            ents[kind] = n
        elif kind == "membership":
            mbs = n
        elif kind:
            evs[kind] = n
    return ents, mbs, evs


def write_files(store_path: str | Path, out_dir: str | Path) -> list[Path]:
    """Write ``graph.ttl``, ``graph.trig`` and ``graph.html`` of the whole
    store into ``out_dir`` (each through a temporary file and a rename).
    Returns the paths."""
    from kgbuild.graph import render_html
    from kgbuild.store import ArticleStore, open_dataset

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clear_stale_tmp(out, ("graph.ttl", "graph.trig", "graph.html"))
    done = []
    with ArticleStore(store_path, read_only=True) as st:
        same = _same_as(st)
        for name, fmt in (("graph.ttl", "turtle"), ("graph.trig", "trig")):
            tmp = _atomic_tmp(out / name)
            try:
                if same:
                    _export_merged(st, tmp, fmt, same)
                else:
                    st.export(tmp, fmt)
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, out / name)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            done.append(out / name)
    if same:  # the page shows one node per merged person
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(data=(out / "graph.trig").read_text(encoding="utf-8"), format="trig")
        write_atomic(out / "graph.html", render_html(ds))
    else:
        ds = open_dataset(store_path)
        try:
            write_atomic(out / "graph.html", render_html(ds))
        finally:
            ds.kg.close()
    done.append(out / "graph.html")
    return done


def _same_as(st) -> dict[str, str]:
    """``owl:sameAs`` links of the store's resolution graph: merged IRI → target."""
    q = "SELECT ?a ?b WHERE { GRAPH <%s> { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b } }"
    from kgbuild.resolve import RESOLUTION_GRAPH

    return {sol["a"].value: sol["b"].value for sol in st.query(q % RESOLUTION_GRAPH)}


def _export_merged(st, output: str, fmt: str, same: dict[str, str]) -> None:
    """Export the store with every merged IRI replaced by its target (the
    files show one node per real thing, the merged IRI's labels as the
    target's ``skos:altLabel``; the store keeps each article's own IRIs and
    the ``owl:sameAs`` links)."""
    import pyoxigraph as ox

    from kgbuild.rdf import PREFIXES

    def sub(t):
        return ox.NamedNode(same[t.value]) if isinstance(t, ox.NamedNode) and t.value in same else t

    label = "http://www.w3.org/2000/01/rdf-schema#label"
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    quads, own = [], set()
    for q in st.named_quads():
        subj = q.subject
        s, o = sub(subj), sub(q.object)
        if s == o and q.predicate.value == "http://www.w3.org/2002/07/owl#sameAs":
            continue
        merged = s != subj and q.predicate.value == label
        if q.predicate.value == label and not merged:
            own.add((s.value, getattr(o, "language", None)))
        quads.append((ox.Quad(s, q.predicate, o, q.graph_name), merged))
    # a merged IRI's label in a language its target has a label in is an alternative label
    # of the target: one rdfs:label per node and language ("Hadi al-Bahra"@en stays a label)
    quads = [ox.Quad(q.subject, alt, q.object, q.graph_name)
             if merged and (q.subject.value, getattr(q.object, "language", None)) in own else q
             for q, merged in quads]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if fmt == "trig":
        ox.serialize(quads, output, ox.RdfFormat.TRIG, prefixes=prefixes)
    else:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        ox.serialize(triples, output, ox.RdfFormat.TURTLE, prefixes=prefixes)
