"""Import benchmark for `manage.py bench`: generated articles end to end through import_paths().

The bench command (archive/management/commands/bench.py) owns the corpus
database and docs/benchmarks.md; this module only writes the files and times
the import, so the figure covers exactly what an editor's import does: read,
attribution, dates, keys, de-duplication, syndication, store and index.
"""

from __future__ import annotations

import gc
import json
import resource
import time
from pathlib import Path

from archive.bench import corpus
from archive.ingest.routine import import_paths


def write_corpus(n_articles: int, fmt: str, folder: Path, seed: int = 1, start: int = 0) -> list[Path]:
    """Generated articles `start`… as one `.jsonl` file or as one `.txt` file per article."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in corpus.articles(n_articles, seed, start):
                out.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
        return [path]
    if fmt == "txt":
        for item in corpus.articles(n_articles, seed, start):
            sub = folder / f"{item.index // 1000:04d}"
            sub.mkdir(exist_ok=True)
            # The .txt layout has no url or date fields: the opening and dateline supply them.
            (sub / f"{item.index}.txt").write_text(f"{item.title}\n\n{item.body}\n", encoding="utf-8")
        return [folder]
    raise ValueError(f"unknown format {fmt!r}: 'jsonl' or 'txt'")


def measure_import(n_articles: int, fmt: str, tmpdir: str | Path, seed: int = 1, start: int = 0) -> dict:
    """Time one import of `n_articles` new generated articles in `fmt` ("jsonl" or "txt").

    Articles `start`… must not be in the database yet. Returns articles,
    seconds, articles_per_second, duplicates, failures, syndicated,
    peak_rss_mb (the process's peak resident memory so far, so run one
    measurement per process to compare sizes) and article_ids (for cleaning up).
    """
    paths = write_corpus(n_articles, fmt, Path(tmpdir) / f"import-{fmt}-{start}", seed, start)
    gc.collect()
    began = time.perf_counter()
    report = import_paths(paths)
    seconds = time.perf_counter() - began
    return {
        "format": fmt,
        "articles": report.imported,
        "seconds": seconds,
        "articles_per_second": report.imported / seconds if seconds else 0.0,
        "duplicates": report.duplicates,
        "failures": len(report.failures),
        "syndicated": report.syndicated,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "article_ids": report.article_ids,
    }
