"""Where transcripts are coded (one process, worker processes, a Dask cluster) never changes
what is written; the token cache is used, and a damaged one is only a miss."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import distributed  # the test extra installs Dask: its tests always run
import pytest

from stc.coding import code_project, coding_files
from stc.config import load_config
from stc.corpus import load_transcripts
from stc.executor import Executor, forks
from stc.nlp import Pipeline, load_pipeline, parse_transcripts
from tests.conftest import INTERVIEW, MakeProject, copy_sample, error_line, stc


def _interviews(n: int) -> dict[str, str]:
    """``n`` interviews that differ in every turn, so no two transcripts are alike."""
    found = {}
    for i in range(1, n + 1):
        text = INTERVIEW.replace("informant-1", f"informant-{i}").replace(
            "Informant 1", f"Informant {i}"
        )
        text += f"Informant {i}: Det var gruppe nummer {i}, og jeg var alene {i} ganger.\n"
        found[f"informant-{i}.txt"] = text
    return found


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != ".stc-outputs.json"
    }


def test_outputs_are_byte_identical_whatever_the_number_of_workers(
    make_project: MakeProject,
) -> None:
    config = make_project(_interviews(5))
    out = config.parent / "out"
    seen = []
    for jobs in ("1", "2", "3"):
        code, _, stderr = stc("code", "-c", config, "--jobs", jobs)
        assert code == 0, stderr
        seen.append(_outputs(out))
    assert seen[0] == seen[1] == seen[2]
    assert "meaning_units.csv" in seen[0] and seen[0]["meaning_units.csv"].count(b"\n") > 5


def test_a_dask_cluster_of_two_workers_codes_the_same(make_project: MakeProject) -> None:
    config = make_project(_interviews(4))
    project = load_config(config)
    alone = coding_files(code_project(project, executor=Executor(1)))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        cache = config.parent / "out" / ".cache" / "parsed"
        shutil.rmtree(cache)
        code, _, stderr = stc("code", "-c", config, "--dask", cluster.scheduler_address)
        assert code == 0, stderr
        # The workers (other machines, in a real cluster) keep no list of the words.
        assert not list(cache.glob("*.tokens"))
        on_dask = coding_files(
            code_project(project, executor=Executor(dask=cluster.scheduler_address))
        )
    assert on_dask == alone
    assert (config.parent / "out" / "meaning_units.csv").read_text(encoding="utf-8") == alone[
        "meaning_units.csv"
    ]


def test_executor_settings_in_stc_yaml_are_used_and_checked(make_project: MakeProject) -> None:
    config = make_project(_interviews(2))
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "executor:\n  jobs: 2\n", encoding="utf-8")
    assert load_config(config).config.executor.jobs == 2
    code, _, stderr = stc("code", "-c", config)
    assert code == 0, stderr
    config.write_text(text + "executor:\n  jobs: 0\n", encoding="utf-8")
    code, _, stderr = stc("code", "-c", config)
    assert code == 1
    line = error_line(stderr)
    assert "stc.yaml" in line and "executor" in line and "jobs" in line


def test_an_unreachable_scheduler_is_one_error_line(make_project: MakeProject) -> None:
    config = make_project()
    code, _, stderr = stc("code", "-c", config, "--dask", "tcp://127.0.0.1:9")
    assert code == 1
    line = error_line(stderr)
    assert "tcp://127.0.0.1:9" in line and "scheduler" in line
    assert not (config.parent / "out" / "meaning_units.csv").exists()


def test_dask_not_installed_says_how_to_install_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project()
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    code, _, stderr = stc("code", "-c", config, "--dask", "local")
    assert code == 1
    assert "pip install 'stc[dask]'" in error_line(stderr)


def test_the_token_cache_is_read_and_a_damaged_entry_is_only_a_miss(
    make_project: MakeProject,
) -> None:
    config = make_project(_interviews(2))
    code, _, stderr = stc("code", "-c", config)
    assert code == 0, stderr
    out = config.parent / "out"
    first = _outputs(out)
    entries = sorted((out / ".cache").rglob("*.tokens"))
    assert len(entries) == 2
    before = [p.stat().st_mtime_ns for p in entries]
    assert stc("code", "-c", config)[0] == 0
    assert [p.stat().st_mtime_ns for p in entries] == before  # read, not written again
    assert _outputs(out) == first
    entries[0].write_bytes(b"\x93not msgpack at all")
    entries[1].write_bytes(entries[1].read_bytes()[:50])
    for coded in (out / ".cache").rglob("*.coded"):  # else the coding cache answers first
        coded.unlink()
    code, _, stderr = stc("code", "-c", config)
    assert code == 0, stderr
    assert _outputs(out) == first
    assert entries[0].read_bytes()[:1] != b"\x93"  # the damaged entries were replaced


def test_rows_csv_writes_the_bytes_pandas_writes() -> None:
    import pandas as pd

    from stc.output import csv_text, rows_csv

    rows = [
        ["a:1", "informant-1", 3, 'han sa "nei", og gikk', "linje\nto", ""],
        [
            "b:2",
            "informant-2",
            10,
            "  mellomrom  ",
            "semikolon; komma, «sitat»",
            "\u00e6\u00f8\u00e5",
        ],
    ]
    columns = ["unit_id", "transcript", "turn", "text", "evidence", "voice"]
    assert rows_csv(columns, rows) == csv_text(pd.DataFrame(rows, columns=columns))


@pytest.mark.parametrize("size", [1, 2, 3, 500])
def test_csv_chunks_join_to_the_bytes_rows_csv_writes(tmp_path: Path, size: int) -> None:
    from stc.output import Streamed, csv_chunks, rows_csv, write_outputs

    columns = ["term", "count_a", "keyness_a"]
    rows = [[f"ord{n}", n, n / 3 if n % 2 else ""] for n in range(7)]
    for table in (rows, []):
        whole = rows_csv(columns, table)
        assert "".join(csv_chunks(columns, iter(table), size)) == whole
        write_outputs(tmp_path, {"t.csv": Streamed(lambda t=table: csv_chunks(columns, t, size))})
        assert (tmp_path / "t.csv").read_text(encoding="utf-8") == whole


def test_workers_get_only_a_window_of_tasks_ahead_of_the_consumer() -> None:
    """A slow consumer (step 1 counting as tables arrive) never has every result waiting."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from stc.executor import _windowed

    submitted: list[int] = []

    def work(n: int) -> int:
        return n * n

    class Counting:
        def __init__(self, pool: ThreadPoolExecutor) -> None:
            self.pool = pool

        def submit(self, function: Callable[[int], int], item: int) -> Future[int]:
            submitted.append(item)
            return self.pool.submit(function, item)

    with ThreadPoolExecutor(2) as pool:
        found = []
        for result in _windowed(Counting(pool), work, list(range(20)), ahead=3):
            assert len(submitted) - len(found) <= 4  # 3 ahead, and the next one sent
            found.append(result)
    assert found == [n * n for n in range(20)]


def test_the_keyword_cache_gives_what_parsing_the_keywords_gives(
    nb: Pipeline, tmp_path: Path
) -> None:
    from stc.codebook import CodebookMatcher, load_codebook
    from stc.keys import BASIC_KEYS

    codebook = load_codebook(load_config(copy_sample(tmp_path / "sample")).codebook_path, "nb")
    cache = tmp_path / "cache"

    def parsed(matcher: CodebookMatcher) -> list[object]:
        words = sorted({w for _, _, c in codebook.codes for k in c.keywords for w in k.split()})
        lemmas = [matcher.keyword_lemma(w) for w in words if "*" not in w]
        return [(r.code_id, r.keywords, r.exclude) for r in matcher.rules] + lemmas

    for keys in (None, BASIC_KEYS):
        extra = {} if keys is None else {"keys": keys}
        plain = parsed(CodebookMatcher(codebook, nb, **extra))
        assert parsed(CodebookMatcher(codebook, nb, cache=cache, **extra)) == plain  # written
        assert parsed(CodebookMatcher(codebook, nb, cache=cache, **extra)) == plain  # read
    (entry,) = cache.glob("keywords-*.json")
    entry.write_text('{"format": 1, "pipeline": "x", "words": {"11:redd": 3}}', encoding="utf-8")
    damaged = parsed(CodebookMatcher(codebook, nb, cache=cache))
    assert damaged == parsed(CodebookMatcher(codebook, nb))


def _die(item: int) -> int:
    if item == 3:
        os._exit(1)  # a worker killed mid-task, as the out-of-memory killer does
    return item


def test_a_worker_that_dies_is_one_message_not_a_traceback() -> None:
    from stc.errors import StcError
    from stc.executor import run_all

    assert list(run_all(_die, [1, 2], Executor(2))) == [1, 2]
    with pytest.raises(StcError, match="worker process stopped"):
        list(run_all(_die, [1, 2, 3, 4], Executor(2)))


def test_a_cache_written_under_other_key_rules_is_not_read(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stc import keys as key_rules

    config = make_project()
    assert stc("code", "-c", config)[0] == 0
    cache = config.parent / "out" / ".cache" / "parsed"
    first = sorted(p.name for p in cache.glob("*.tokens"))
    # An upgrade of stc, simplemma or PyStemmer changes the fingerprint of the keys.
    monkeypatch.setattr(key_rules, "keys_fingerprint", lambda: "stc-next/simplemma-next")
    assert stc("code", "-c", config)[0] == 0
    second = sorted(p.name for p in cache.glob("*.tokens"))
    # Tokenized again under the new key; the old table, which nothing reads now, is removed.
    assert len(second) == len(first) and not set(first) & set(second)
    assert len(list(cache.glob("keywords-*.json"))) == 2


def test_step_1_counts_the_same_in_workers_and_on_dask(make_project: MakeProject) -> None:
    """Step 1 tokenizes in workers (or on Dask workers) and counts the tables in transcript
    order as they come back: the files are the same wherever."""
    config = make_project(_interviews(6))
    out = config.parent / "out"
    files = ("impression.md", "terms.csv", "themes.draft.yaml")
    seen = []
    for where in (["--jobs", "1"], ["--jobs", "2"], ["--dask", "local", "--jobs", "2"]):
        shutil.rmtree(out, ignore_errors=True)
        code, _, stderr = stc("run", "-c", config, *where)
        assert code == 0, (where, stderr)
        seen.append({name: (out / name).read_bytes() for name in files})
    assert seen[0] == seen[1] == seen[2]
    assert seen[0]["terms.csv"].count(b"\n") > 10


def test_cached_tables_are_read_here_and_only_the_rest_go_to_workers(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workspace's tables: sending a cached table back from a worker costs more than
    reading it, so only transcripts the cache lacks are tokenized in workers."""
    from stc import executor
    from stc.tokens import corpus_tokens

    config = make_project(_interviews(6))
    project = load_config(config)
    pipeline = load_pipeline("nb", None, str(project.root), str(project.path))
    transcripts = load_transcripts(project)
    cold = corpus_tokens(transcripts, pipeline, project)
    tables = sorted(project.parse_cache.glob("*.tokens"))
    assert len(tables) == 6
    for path in tables[::2]:
        path.unlink()
    sent: list[int] = []
    real = executor.run_all

    def run_all(function: Any, items: Any, *args: Any) -> Any:
        sent.append(len(items))
        return real(function, items, executor.Executor(2), *args[1:])

    monkeypatch.setattr(executor, "run_all", run_all)
    warm = corpus_tokens(transcripts, pipeline, project)
    assert sent == [3]  # the three tables no longer cached; the others were read here
    assert [(t.transcript.id, t.words, t.turns) for t in warm] == [
        (t.transcript.id, t.words, t.turns) for t in cold
    ]
    assert len(list(project.parse_cache.glob("*.tokens"))) == 6


def test_step_1_counts_in_the_workers_and_only_the_counts_come_back(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stc import executor
    from stc.impression import (
        TranscriptCount,
        impression_project,
        merge_counts,
        read_corpus,
        stop_words,
    )

    config = make_project(_interviews(6))
    project = load_config(config)
    came_back: list[object] = []
    real = executor.run_all

    def run_all(function: Any, items: Any, *args: Any) -> Any:
        for result in real(function, items, executor.Executor(2), *args[1:]):
            came_back.append(result)
            yield result

    monkeypatch.setattr(executor, "run_all", run_all)
    result = impression_project(project)
    assert len(came_back) == 6
    assert all(isinstance(c, TranscriptCount) for c in came_back)
    # The counts merged are what reading spaCy's docs in this process gives.
    pipeline = load_pipeline("nb", None, str(project.root), str(project.path))
    here = read_corpus(parse_transcripts(load_transcripts(project), pipeline), stop_words(pipeline))
    there = merge_counts(c for c in came_back if isinstance(c, TranscriptCount))
    assert there.sentences == here.sentences and len(here.sentences) > 30
    assert [s.passage for s in there.sentences][-1] > 6  # numbered across transcripts
    for name in ("overviews", "words", "lemmas", "forms", "form_counts", "speakers_of", "paths"):
        assert getattr(there, name) == getattr(here, name), name
    assert there.phrases.phrases() == here.phrases.phrases()
    assert result.overviews == here.overviews


def _count_with_the_parents_pipeline(task: Any) -> Any:
    """Step 1's worker function, run only if the pipeline came built from the parent."""
    from stc import impression

    pipeline = load_pipeline(task.language, task.model, task.root, task.source)
    if pipeline._nlp is None:
        raise AssertionError("the worker had to build its own pipeline")
    return impression._count_in_worker(task)


@pytest.mark.skipif(
    not forks(),
    reason="only where workers are forked (Linux) can they share the parent's pipeline; "
    "macOS and Windows spawn them, and there each builds its own by design",
)
def test_step_1_builds_the_pipeline_once_and_its_forked_workers_share_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker used to import spaCy and build the pipeline (a second or more each), and
    `stc run` then built it again here for the codebook's keywords."""
    from stc import executor
    from stc.impression import impression_project

    project = load_config(make_project(_interviews(4)))
    real = executor.run_all

    def run_all(function: Any, items: Any, *args: Any) -> Any:
        assert function.__name__ == "_count_in_worker"
        yield from real(_count_with_the_parents_pipeline, items, executor.Executor(2), *args[1:])

    monkeypatch.setattr(executor, "run_all", run_all)
    assert len(impression_project(project).overviews) == 4
    assert load_pipeline("nb", None, str(project.root), str(project.path))._nlp is not None


def _thresholds(_: int) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def test_the_cli_and_its_workers_collect_garbage_less_often() -> None:
    """stc's many small long-lived objects made the collector's default thresholds cost a
    sixth of a warm `stc code`; the CLI raises them, and each worker process does."""
    import gc

    from stc.executor import collect_less, run_all

    default = gc.get_threshold()
    try:
        collect_less()
        raised = gc.get_threshold()
        assert raised[0] > default[0]
        gc.set_threshold(*default)  # a worker sets them itself, whatever its parent has
        assert list(run_all(_thresholds, [1, 2, 3], Executor(2))) == [raised] * 3
    finally:
        gc.set_threshold(*default)
    code = "import gc, sys; from stc import cli; cli.app = lambda: print(gc.get_threshold()); cli.main()"
    import subprocess

    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == str(raised)


def test_jobs_on_the_command_line_codes_here_whatever_scheduler_stc_yaml_names(
    make_project: MakeProject,
) -> None:
    config = make_project(_interviews(2))
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "executor:\n  dask: tcp://127.0.0.1:9\n", encoding="utf-8")
    from stc.coding import project_executor

    assert project_executor(load_config(config)).dask == "tcp://127.0.0.1:9"  # unreachable
    code, _, stderr = stc("code", "-c", config, "--jobs", "2")
    assert code == 0, stderr
    assert (config.parent / "out" / "meaning_units.csv").is_file()
    # With --dask, --jobs is the local cluster's size (README: stc run --dask local --jobs 8).
    from stc.cli import _with_executor

    project = _with_executor(load_config(config), 3, "local")
    assert (project.config.executor.jobs, project.config.executor.dask) == (3, "local")
    # stc.yaml's local cluster stays one, of --jobs workers.
    config.write_text(text + "executor:\n  dask: local\n  jobs: 2\n", encoding="utf-8")
    project = _with_executor(load_config(config), 4, None)
    assert (project.config.executor.jobs, project.config.executor.dask) == (4, "local")


def test_stc_impression_takes_jobs_and_dask_as_code_and_run_do(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small project counts in one process unless asked: `stc impression --jobs 2` asks,
    and gives the files one process gives."""
    from stc import executor

    config = make_project(_interviews(4))
    out = config.parent / "out"
    files = ("impression.md", "terms.csv", "themes.draft.yaml")
    windowed = executor._windowed
    pools: list[int] = []

    def counted(pool: Any, *args: Any) -> Any:
        pools.append(pool._max_workers)
        return windowed(pool, *args)

    monkeypatch.setattr(executor, "_windowed", counted)
    seen = []
    for where in ([], ["--jobs", "2"]):
        code, _, stderr = stc("impression", "-c", config, *where)
        assert code == 0, (where, stderr)
        seen.append({name: (out / name).read_bytes() for name in files})
    assert pools == [2]
    assert seen[0] == seen[1]
    code, _, stderr = stc("impression", "-c", config, "--jobs", "0")
    assert code == 2 and "--jobs" in stderr
