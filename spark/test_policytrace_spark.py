"""Local-mode test of the Spark job (scripts/spark-test.sh runs it).

On the default corpus, with 1, 3 and 8 partitions in one SparkSession, the
job's timeline.csv and documents.csv equal a single `policytrace run`'s byte
for byte, and its mentions (JSON Lines and Parquet), KWIC rows and other
summary tables equal the run's; then a task made to fail on its first attempt
is retried and the outputs are still equal.

    python spark/test_policytrace_spark.py BINARY CORPUS LEXICONS WORKDIR
"""

import collections
import csv
import glob
import io
import json
import os
import subprocess
import sys

from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import policytrace_spark  # noqa: E402


def lines_of(folder):
    out = []
    for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
        with open(part, encoding="utf-8") as f:
            out += [l.rstrip("\n") for l in f if l.strip()]
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check(spark, single, out, label):
    problems = []
    for name in ["timeline.csv", "documents.csv", "timeline_wide.csv", "concepts.csv", "top_terms.csv", "chronology.csv", "skipped.csv"]:
        if read(os.path.join(single, name)) != read(os.path.join(out, name)):
            problems.append(f"{name} differs")
    with open(os.path.join(single, "mentions.jsonl"), encoding="utf-8") as f:
        want = collections.Counter(l.rstrip("\n") for l in f if l.strip())
    got = collections.Counter(lines_of(os.path.join(out, "mentions")))
    if want != got:
        problems.append(f"mentions differ: {sum((want - got).values())} missing, {sum((got - want).values())} extra")
    parquet = spark.read.parquet(os.path.join(out, "mentions.parquet"))
    if parquet.count() != sum(want.values()):
        problems.append(f"mentions.parquet holds {parquet.count()} rows, not {sum(want.values())}")
    by_year = collections.Counter(json.loads(l)["year"] for l in want.elements())
    parquet_years = {r["year"]: r["count"] for r in parquet.groupBy("year").count().collect()}
    if dict(by_year) != parquet_years:
        problems.append("mentions.parquet's year partitions do not hold the run's mentions per year")
    with open(os.path.join(single, "kwic.csv"), encoding="utf-8", newline="") as f:
        kwic = collections.Counter(tuple(r) for r in list(csv.reader(f))[1:])
    got_kwic = collections.Counter()
    for l in lines_of(os.path.join(out, "kwic")):
        r = json.loads(l)
        got_kwic[(r["doc"], "" if r["year"] is None else str(r["year"]), r["concept"], r["term"], r["left"], r["match"], r["right"],
                  str(r["mention"]), str(r["start"]), str(r["end"]), "" if r.get("page") is None else str(r["page"]))] += 1
    if kwic != got_kwic:
        problems.append("KWIC rows differ from kwic.csv")
    with open(os.path.join(single, "documents.csv"), encoding="utf-8", newline="") as f:
        docs = list(csv.DictReader(f))
    got_docs = [json.loads(l) for l in lines_of(os.path.join(out, "documents"))]
    if sorted(d["doc"] for d in docs) != sorted(d["doc"] for d in got_docs):
        problems.append("documents/ holds other documents than documents.csv")
    if spark.read.parquet(os.path.join(out, "documents.parquet")).count() != len(docs):
        problems.append("documents.parquet holds another number of documents")
    report = read(os.path.join(out, "report.html")).decode("utf-8")
    if "<svg" not in report:
        problems.append("report.html has no chart")
    assert not problems, f"{label}: " + "; ".join(problems)
    return len(docs), sum(want.values())


def failed_tasks(sc):
    tracker = sc.statusTracker()
    total = 0
    for job in tracker.getJobIdsForGroup("failure") or []:
        info = tracker.getJobInfo(job)
        for stage in (info.stageIds if info else []):
            s = tracker.getStageInfo(stage)
            total += s.numFailedTasks if s else 0
    return total


def main(binary, corpus, lexicons, work):
    single = os.path.join(work, "single")
    subprocess.run([binary, "run", "--corpus", corpus, "--lexicon", lexicons, "--out", single, "--quiet", "--no-store"], check=True)
    # local[2, 2]: two cores, a failed task is tried twice.
    spark = (SparkSession.builder.master("local[2,2]").appName("policytrace-test")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        common = ["--binary", binary, "--corpus", corpus, "--lexicon", lexicons]
        for n in [1, 3, 8]:
            out = os.path.join(work, f"spark-{n}")
            stats = policytrace_spark.run_job(spark, common + ["--out", out, "--partitions", str(n)])
            docs, mentions = check(spark, single, out, f"{n} partition(s)")
            assert stats["driver_bytes"] < 1_000_000, stats  # groups × concepts × terms, not the corpus
            print(f"spark-test: {n} partition(s) ({stats['partitions']} tasks): timeline.csv, documents.csv and the other tables equal "
                  f"the single run's; {mentions} mentions and {docs} documents as JSON Lines and Parquet; "
                  f"driver received {stats['driver_bytes']} bytes of aggregates")
        sc = spark.sparkContext
        sc.setJobGroup("failure", "injected failure")
        os.environ["POLICYTRACE_SPARK_FAIL_PARTITION"] = "1"
        try:
            out = os.path.join(work, "spark-retry")
            policytrace_spark.run_job(spark, common + ["--out", out, "--partitions", "3"])
        finally:
            del os.environ["POLICYTRACE_SPARK_FAIL_PARTITION"]
        failed = failed_tasks(sc)
        assert failed >= 1, "the injected failure did not happen"
        check(spark, single, out, "after a retried task")
        print(f"spark-test: a task failed on its first attempt ({failed} failed attempt(s)), was retried, and the outputs are still equal")
    finally:
        spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:5])
