"""The bench rewrites docs/benchmarks.md but keeps the section `manage.py loadtest` wrote into it."""

from __future__ import annotations

from benchmarks.report import LOADTEST_BEGIN, LOADTEST_END, keep_loadtest_section

LOADTEST = f"{LOADTEST_BEGIN}\n## Load test\n\n| requests/s | 123 |\n{LOADTEST_END}"


def test_the_load_test_section_survives_a_new_report():
    previous = f"# Benchmarks\n\nold figures\n\n{LOADTEST}\n\nan old trailing line\n"
    updated = keep_loadtest_section("# Benchmarks\n\nnew figures\n", previous)
    assert updated == f"# Benchmarks\n\nnew figures\n\n{LOADTEST}\n"
    assert "old figures" not in updated


def test_without_a_load_test_section_the_report_is_written_as_it_is():
    report = "# Benchmarks\n\nnew figures\n"
    assert keep_loadtest_section(report, "") == report
    assert keep_loadtest_section(report, "# Benchmarks\n\nold figures\n") == report
    assert keep_loadtest_section(report, f"# Benchmarks\n{LOADTEST_BEGIN}\nunfinished") == report


def test_the_bench_command_keeps_the_section_in_the_file(tmp_path, monkeypatch):
    """The command's own write path: the report it renders, then the section of the file it replaces."""
    from benchmarks.management.commands import bench

    output = tmp_path / "benchmarks.md"
    output.write_text(f"# Benchmarks\n\nold\n\n{LOADTEST}\n", encoding="utf-8")
    monkeypatch.setattr(bench, "render", lambda *args, **kwargs: "# Benchmarks\n\nnew\n")
    monkeypatch.setattr(bench.measure, "measure_search_key", lambda n, seed: (1.0, 1.0))
    monkeypatch.setattr(bench.measure, "measure_generation", lambda n, seed, start: 1.0)
    command = bench.Command()
    monkeypatch.setattr(command, "run_sqlite", lambda n: None)
    command.bench(
        {
            "articles": 10,
            "database_url": None,
            "postgres": False,
            "seed": 1,
            "output": str(output),
            "import_child": None,
        }
    )
    assert output.read_text(encoding="utf-8") == f"# Benchmarks\n\nnew\n\n{LOADTEST}\n"


def test_the_cold_target_is_50_ms_up_to_100k_and_150_ms_at_a_million():
    from benchmarks.report_search import cold_target_ms

    assert cold_target_ms(100_000)[0] == 50.0
    assert cold_target_ms(5_000) == (50.0, "at 100,000 (this corpus is smaller)")
    assert cold_target_ms(1_000_000)[0] == 150.0


def test_the_csv_exports_are_the_search_nearest_100k_rows_and_one_a_tenth_its_size():
    from benchmarks.cold import ColdFigure
    from benchmarks.management.commands.bench import csv_choices
    from benchmarks.queries import Query

    def figure(q: str, matches: int, params=(), cut=False) -> ColdFigure:
        return ColdFigure(Query("most", q, params), 1.0, True, {}, matches=matches, floor_cut=cut)

    figures = [
        figure("در", 980_000),
        figure("از", 120_000),
        figure("با*", 101_000, cut=True),  # bounded: the floor's count may not be the page's
        figure("دفاع", 99_000, (("sort", "oldest"),)),
        figure("رضا", 11_000),
        figure("اردن", 900),
    ]
    (big_label, _qs, big_rows), (_small_label, _qs2, small_rows) = csv_choices(figures)
    assert big_rows == 120_000 and "`از`" in big_label
    assert small_rows == 11_000


def test_a_cached_corpus_follows_its_migrations_edited_in_place_but_not_new_ones(tmp_path, monkeypatch):
    from benchmarks import caches

    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_initial.py").write_text("# triggers\n")

    class Config:
        path = str(tmp_path)

    monkeypatch.setattr(caches.apps, "get_app_config", lambda label: Config)
    meta = {"key": caches.corpus_key(100, 1), "migrations": caches.migration_digests()}
    assert caches.corpus_matches(meta, 100, 1)
    assert not caches.corpus_matches(meta, 200, 1)
    # A migration added since: `migrate` applies it to the cache.
    (folder / "0002_alerts.py").write_text("# a new table\n")
    assert caches.corpus_matches(meta, 100, 1)
    # A migration the corpus was built with, edited: the corpus has the old schema.
    (folder / "0001_initial.py").write_text("# triggers, and one more\n")
    assert not caches.corpus_matches(meta, 100, 1)
    # A corpus cached before migrations were recorded is not trusted.
    assert not caches.corpus_matches({"key": meta["key"]}, 100, 1)


def test_the_bench_also_keeps_the_slow_client_scenario():
    from benchmarks.report import SLOW_CLIENTS_BEGIN, SLOW_CLIENTS_END

    slow = f"{SLOW_CLIENTS_BEGIN}\n## Slow clients\n| gthread | yes |\n{SLOW_CLIENTS_END}"
    load = f"{LOADTEST_BEGIN}\n## Load test\n{LOADTEST_END}"
    updated = keep_loadtest_section("# Benchmarks\n\nnew\n", f"# Benchmarks\n\nold\n\n{load}\n\n{slow}\n")
    assert "new" in updated and "old" not in updated
    assert load in updated and slow in updated


def test_the_slow_client_figures_say_whether_the_bar_was_met():
    from benchmarks import slowclients

    def result(over: int, failed: int = 0) -> dict:
        probes = {"n": 10, "median_ms": 12.0, "max_ms": 900.0 + over * 500, "over_1s": over}
        return {
            "setup": "gthread", "workers": 3, "worker_class": "gthread", "threads": 8, "nginx": False,
            "clients": 8, "healthz": probes, "search": probes, "search_alone_ms": 40.0,
            "failed_probes": failed, "readers_answered": 8, "reader_kb_median": 80.0,
            "reader_first_byte_s_max": 0.2,
        }  # fmt: skip

    assert slowclients.passed(result(0)) and not slowclients.passed(result(1))
    assert not slowclients.passed(result(0, failed=1))
    facts = {
        "clients": 8, "export_path": "/articles/export.csv", "export_kb": 1500, "articles": 5000,
        "database": "SQLite", "seconds": 20, "workers": 3, "date": "2026-12-01", "machine": "2 cores",
        "load": (1.0, 1.2), "cores": 2, "slots": 1,
    }  # fmt: skip
    text = slowclients.render([result(0), result(2)], facts)
    assert text.startswith(slowclients.BEGIN) and text.rstrip().endswith(slowclients.END)
    assert "| yes |" in text and "| **no** |" in text
