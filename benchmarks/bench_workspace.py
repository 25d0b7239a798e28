"""Measure the review workspace on a large corpus: start-up, then the time each page takes.

    python benchmarks/bench_workspace.py [--words 1000000]

The corpus is benchmarks/corpus.py's: varied copies of the sample's interviews. The pages are paginated, so
a queue page should open in well under a second however large the corpus. Nothing is asserted;
numbers are printed.
"""

from __future__ import annotations

import argparse
import gc
import re
import tempfile
import time
import warnings
from pathlib import Path

from corpus import build

from stc.config import load_config
from stc.server.app import create_app
from stc.server.workspace import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = build(Path(folder) / "project", args.words)
        start = time.perf_counter()
        workspace = Workspace(load_config(config))
        result = workspace.result()
        gc.freeze()  # as stc.server.run does
        words = sum(len(t.text.split()) for t in result.transcripts)
        print(f"start-up: {time.perf_counter() - start:.1f} s for {words:,} words")
        client = TestClient(create_app(workspace, "t"), base_url="http://127.0.0.1:8000")
        client.get("/?token=t")
        code = result.codebook.code_ids[0]
        pages = [
            "/",
            f"/queue?code={code}",
            f"/queue?code={code}&page=3",
            f"/code?code={code}",
            f"/transcript?id={result.transcripts[0].id}",
        ]
        for page in pages:
            start = time.perf_counter()
            response = client.get(page)
            print(f"{page}: {response.status_code} in {time.perf_counter() - start:.3f} s")
        html = client.get(f"/queue?code={code}").text
        csrf = re.search(r'name="csrf" content="([^"]+)"', html)
        unit = re.search(r'data-unit="([^"]+)"', html)
        assert csrf and unit
        start = time.perf_counter()
        response = client.post(
            "/api/decide",
            json={"actions": [{"unit": unit.group(1), "code": code, "kind": "accept"}]},
            headers={"X-CSRF-Token": csrf.group(1)},
        )
        print(f"accept: {response.status_code} in {time.perf_counter() - start:.3f} s")
        start = time.perf_counter()
        client.get(f"/queue?code={code}")
        print(f"queue after the write: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
