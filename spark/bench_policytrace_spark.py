"""Benchmark of the Spark job (figures, not a test): a JSON Lines corpus
tagged by a single-machine `policytrace run --jobs 2` and by the Spark job in
local[2], printing MB/s of each and the bytes the driver receives.

    spark/bench.sh                    # 1 GB (JSONL_MB=1024)
    JSONL_MB=256 spark/bench.sh       # smaller, when the machine is busy

The corpus is the speed benchmark's (Benchmarks/commands/bench.py): the
government work reports repeated as {"id","title","year","text"} records,
kept in WORK and reused.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import policytrace_spark  # noqa: E402

MB = 1 << 20


def build(repo, work, mb):
    folder = os.path.join(work, f"jsonl-{mb}mb")
    path = os.path.join(folder, "corpus.jsonl")
    if os.path.exists(path):
        return folder
    print(f"generating {path} …", file=sys.stderr, flush=True)
    reports = [json.loads(l) for l in open(os.path.join(repo, "Corpus", "government_work_reports.jsonl"), encoding="utf-8") if l.strip()]
    os.makedirs(folder + ".tmp", exist_ok=True)
    size, copy = 0, 0
    with open(os.path.join(folder + ".tmp", "corpus.jsonl"), "w", encoding="utf-8") as f:
        while size < mb * MB:
            for i, r in enumerate(reports):
                line = json.dumps({"id": f"r{copy:05d}-{i:02d}", "title": r.get("title"), "year": r.get("year"),
                                   "text": r["content"]}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                if size >= mb * MB:
                    break
            copy += 1
    os.rename(folder + ".tmp", folder)
    return folder


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary, lexicons = sys.argv[1], os.path.join(repo, "Lexicons")
    mb = int(os.environ.get("JSONL_MB", "1024"))
    work = os.environ.get("WORK", "/tmp/policytrace-spark-bench")
    corpus = os.environ.get("CORPUS") or build(repo, work, mb)
    size = sum(os.path.getsize(os.path.join(corpus, n)) for n in os.listdir(corpus))
    scratch = tempfile.mkdtemp(prefix="policytrace-spark-bench-", dir=work)
    try:
        t = time.time()
        subprocess.run([binary, "run", "--corpus", corpus, "--lexicon", lexicons, "--out", os.path.join(scratch, "single"),
                        "--no-store", "--jobs", "2", "--quiet"], check=True)
        single = time.time() - t

        t = time.time()
        spark = (SparkSession.builder.master("local[2]").appName("policytrace-bench").config("spark.ui.enabled", "false")
                 .config("spark.driver.memory", os.environ.get("DRIVER_MEMORY", "2g")).getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        started = time.time() - t
        t = time.time()
        try:
            stats = policytrace_spark.run_job(spark, ["--binary", binary, "--corpus", corpus, "--lexicon", lexicons,
                                                      "--out", os.path.join(scratch, "spark"), "--partitions",
                                                      os.environ.get("PARTITIONS", str(max(4, size // (64 * MB))))])
        finally:
            spark.stop()
        job = time.time() - t
        same = open(os.path.join(scratch, "single", "timeline.csv"), "rb").read() == open(os.path.join(scratch, "spark", "timeline.csv"), "rb").read()
        print(f"corpus: {corpus} ({size / MB:.0f} MB of JSON Lines)")
        print(f"policytrace run --jobs 2 --no-store: {single:.1f} s, {size / MB / single:.1f} MB/s")
        print(f"Spark local[2], {stats['partitions']} partitions: {job:.1f} s, {size / MB / job:.1f} MB/s "
              f"(+{started:.1f} s to start the SparkSession); {single / job:.2f}x the single run's speed")
        print(f"driver received: {stats['driver_bytes']} bytes of reduced aggregates ({stats['aggregate_lines']} keys), "
              f"{stats['listing_bytes']} bytes of file listing, {stats['config_bytes']} bytes of corpus configuration")
        print(f"timeline.csv equal to the single run's: {same}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
