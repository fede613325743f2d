"""Does a build's memory follow the graph rather than the corpus?  Two slice sizes.

For each ``--sizes`` N, the first N articles of the corpus are written to a
``.jsonl`` file and ``kg build`` runs on it in its own subprocess (with
``--no-html``), so the peak RSS printed is that build's alone (the largest
of the build process and its workers, from ``getrusage``).  Printed per run:
articles, characters, triples, entities, wall time, peak RSS, and RSS per
million characters and per million triples.  A streaming build's RSS grows
with the graph (triples, entities) and the batch size, and its RSS per
million characters falls as the corpus grows.

With ``--one-line MB ...``, it measures instead a user's worst case: the
corpus's texts joined into one ``.txt`` file of that many megabytes on a
single line (one document, one article, one paragraph).  Memory must stay
bounded (the build slices such a document) and time must grow linearly.

Usage::

    python bench/scale_bench.py                      # 1,500 and 6,000 articles
    python bench/scale_bench.py --sizes 1000 4000 --batch-size 16 --jobs 2
    python bench/scale_bench.py --one-line 1 6 20    # one-line files of 1, 6, 20 MB
    python bench/scale_bench.py --write-one-line 6 /tmp/one6.txt   # just make the file
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/data/corpus/news_2018.jsonl.gz"


def write_slice(corpus: Path, n: int, out: Path) -> None:
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)


def write_one_line(corpus: Path, megabytes: float, out: Path) -> None:
    """The corpus's texts, newlines removed, joined on one line up to ``megabytes`` MB (UTF-8)."""
    limit = int(megabytes * 1_000_000)
    size = 0
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as src, out.open("wb") as dst:
        for line in src:
            text = "".join(json.loads(line)["text"].split()).encode("utf-8")
            if size + len(text) > limit:
                # Cut at a character boundary so the file stays valid UTF-8.
                text = text[: limit - size].decode("utf-8", "ignore").encode("utf-8")
            dst.write(text)
            size += len(text)
            if size >= limit - 3:
                break


def measure(path: Path, out: Path, batch_size: int, jobs: int) -> dict[str, float]:
    script = (
        "import json, resource, sys, time\n"
        "from kg.cli import main\n"
        "t = time.perf_counter()\n"
        "code = main(sys.argv[1:])\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'code': code, 'wall': time.perf_counter() - t,"
        " 'rss_kb': max(own, kids)}))\n"
    )
    args = ["build", str(path), "--out", str(out), "--no-html", "--quiet",
            "--batch-size", str(batch_size), "--jobs", str(jobs)]
    done = subprocess.run([sys.executable, "-c", script, *args],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"kg build failed on {path}: {done.stderr.strip()[-500:]}")
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {
        "articles": report["articles"],
        "characters": report["characters"],
        "triples": report["triples"],
        "entities": report["entities"],
        "wall_s": stats["wall"],
        "peak_rss_mb": stats["rss_kb"] / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 6000])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--one-line", type=float, nargs="+", metavar="MB",
                        help="measure one-line .txt files of these sizes instead")
    parser.add_argument("--write-one-line", nargs=2, metavar=("MB", "PATH"),
                        help="only write a one-line file of MB megabytes to PATH")
    args = parser.parse_args(argv)
    if args.write_one_line:
        write_one_line(args.corpus, float(args.write_one_line[0]), Path(args.write_one_line[1]))
        return 0
    if args.one_line:
        return one_line(args)
    print(f"corpus {args.corpus}, batch size {args.batch_size}, jobs {args.jobs}")
    print(f"{'articles':>8} {'chars':>10} {'triples':>9} {'entities':>8} {'wall s':>7} "
          f"{'peak MB':>8} {'MB/Mchar':>8} {'MB/Mtriple':>10}")
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        for n in args.sizes:
            src = Path(tmp) / f"slice{n}.jsonl"
            write_slice(args.corpus, n, src)
            row = measure(src, Path(tmp) / f"out{n}", args.batch_size, args.jobs)
            print(f"{row['articles']:>8} {row['characters']:>10} {row['triples']:>9} "
                  f"{row['entities']:>8} {row['wall_s']:>7.1f} {row['peak_rss_mb']:>8.0f} "
                  f"{row['peak_rss_mb'] / (row['characters'] / 1e6):>8.1f} "
                  f"{row['peak_rss_mb'] / (row['triples'] / 1e6):>10.1f}", flush=True)
    return 0


def one_line(args: argparse.Namespace) -> int:
    """Peak RSS and time of builds of one-line files; CPU seconds per MB should stay flat."""
    print(f"one-line .txt files from {args.corpus}, jobs {args.jobs}")
    print(f"{'MB':>5} {'chars':>10} {'triples':>9} {'entities':>8} {'wall s':>7} "
          f"{'s/MB':>6} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="kg-oneline-") as tmp:
        for mb in args.one_line:
            src = Path(tmp) / f"one{mb:g}.txt"
            write_one_line(args.corpus, mb, src)
            row = measure(src, Path(tmp) / f"out{mb:g}", args.batch_size, args.jobs)
            print(f"{mb:>5g} {row['characters']:>10} {row['triples']:>9} {row['entities']:>8} "
                  f"{row['wall_s']:>7.1f} {row['wall_s'] / mb:>6.1f} "
                  f"{row['peak_rss_mb']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
