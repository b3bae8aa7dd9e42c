"""Run `policytrace run` on a Spark cluster: one task per shard, then merge.

Each task runs `policytrace run --shard i/N` on an executor and sends back its
store (policytrace.sqlite); the driver writes the N stores to local folders
and runs `policytrace merge`, which writes the outputs of a single run.

    spark-submit spark/policytrace_spark.py --binary .build/release/policytrace \
        --corpus Corpus --lexicon Lexicons --out Output --shards 8

With --shared-dir on a filesystem every node sees (NFS, Lustre, a mounted
bucket), the shards write there and nothing passes through the driver.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def resolve(path):
    """A path as given, or the copy Spark shipped with --files/--archives."""
    if os.path.exists(path):
        return os.path.abspath(path)
    shipped = SparkFiles.get(os.path.basename(path.rstrip("/")))
    return shipped if os.path.exists(shipped) else path


def run_shard(index, args):
    binary = resolve(args.binary)
    folder = os.path.join(args.shared_dir, f"shard-{index}") if args.shared_dir else tempfile.mkdtemp(prefix=f"policytrace-shard-{index}-")
    command = [binary, "run", "--shard", f"{index}/{args.shards}", "--corpus", args.corpus, "--out", folder, "--quiet",
               "--jobs", str(args.jobs)]
    for lexicon in args.lexicon:
        command += ["--lexicon", lexicon]
    command += args.run_args
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"shard {index}/{args.shards} failed ({done.returncode}): {done.stderr}")
    if args.shared_dir:
        return index, folder, None
    files = {}
    for name in os.listdir(folder):
        if name.startswith("policytrace.sqlite"):
            with open(os.path.join(folder, name), "rb") as f:
                files[name] = f.read()
    shutil.rmtree(folder, ignore_errors=True)
    return index, None, files


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", required=True, help="the policytrace executable (a path every executor sees, or shipped with --files)")
    p.add_argument("--corpus", default="Corpus")
    p.add_argument("--lexicon", action="append", default=[])
    p.add_argument("--out", default="Output")
    p.add_argument("--shards", type=int, default=4, help="number of shards (tasks)")
    p.add_argument("--jobs", type=int, default=1, help="threads per shard (match spark.task.cpus)")
    p.add_argument("--master", default=None, help="e.g. local[2]; default: what spark-submit sets")
    p.add_argument("--shared-dir", default=None, help="a folder every node sees, for the shards' outputs")
    p.add_argument("run_args", nargs="*", help="more `policytrace run` options, after --")
    args = p.parse_args(argv)
    if not args.lexicon:
        args.lexicon = ["Lexicons"]

    builder = SparkSession.builder.appName("policytrace")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        binary = resolve(args.binary)
        shards = spark.sparkContext.parallelize(range(args.shards), args.shards).map(lambda i: run_shard(i, args)).collect()
    finally:
        spark.stop()

    local = tempfile.mkdtemp(prefix="policytrace-merge-")
    folders = []
    for index, folder, files in sorted(shards):
        if folder is None:
            folder = os.path.join(local, f"shard-{index}")
            os.makedirs(folder)
            for name, data in files.items():
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(data)
        folders.append(folder)
    merge = [binary, "merge", *folders, "--out", args.out, "--corpus", args.corpus, "--quiet"]
    code = subprocess.run(merge).returncode
    shutil.rmtree(local, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
