"""Run kg's real components on a page and print the resolved facts.

``python bench/re_seed.py [PAGE]`` (default: the seed page).  For eyeballing
relation extraction and resolution; the assertions live in
``tests/resolve/test_seed_e2e.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.config import BuildConfig
from kg.pipeline.stages import load_pipeline
from kg.resolve.resolver import DefaultResolver

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else next((ROOT / "seeds").glob("*.txt"))
    from kg.ingest import read_path

    docs = read_path(path)
    config = BuildConfig()
    names = config.entity_extractors
    analyses = load_pipeline(config).analyse(docs)
    res = DefaultResolver().resolve(analyses, config)
    print(f"# entity extractors: {names}")
    for f in res.facts:
        obj = repr(f.object) if f.object_is_literal else f.object
        rule = f.evidence.method if f.evidence else "?"
        print(f"{f.subject}\t{f.predicate}\t{obj[:40]}\t{f.role or ''}\t[{rule}]")
    print(f"# {len(res.entities)} entities, {len(res.facts)} facts, {len(res.links)} links, "
          f"{len(res.decisions)} decisions")
    for d in res.decisions:
        print(f"  decision {d.entity_key} <- {d.mention_text!r} {d.score}: {d.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
