"""Tag a corpus with PolicyTrace on Spark: records flow through Spark.

Spark reads the corpus (any path it reads: local, hdfs://, s3a://): JSON
Lines files as lines dealt out by Spark's splits, every other file whole with
binaryFiles. Each partition is piped through one long-lived
`policytrace tag --stdin jsonl` process, which writes per document its row,
its mentions and its KWIC rows, then the partition's partial aggregates
(docs/FORMATS.md, "Streaming mode"). Spark reduces the aggregates by key;
only the reduced counts (kilobytes) reach the driver, which writes the
timelines, concepts.csv, top_terms.csv and report.html with
`policytrace merge --aggregates`. The executors write documents, mentions
and KWIC rows as JSON Lines and as Parquet partitioned by year, and
documents.csv in corpus order, with Spark's own writers: a retried task
rewrites its own part file, so nothing is duplicated.

    spark-submit spark/policytrace_spark.py --binary .build/release/policytrace \\
        --corpus hdfs:///corpora/gov --lexicon Lexicons --out hdfs:///out/gov --partitions 64
"""

import argparse
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

from pyspark import SparkFiles, StorageLevel, TaskContext
from pyspark.sql import SparkSession
from pyspark.sql import types as T

# The outputs the executors write, beside the driver's files.
EXECUTOR_OUTPUTS = ["documents.csv", "documents/", "documents.parquet/", "mentions/", "mentions.parquet/", "kwic/", "kwic.parquet/"]
DRIVER_OUTPUTS = ["timeline.csv", "timeline_wide.csv", "concepts.csv", "top_terms.csv", "chronology.csv", "skipped.csv", "report.html"]

# Unicode White_Space: the blank-line rule of the JSON Lines reader
# (CorpusReader.isBlankLine), so records are numbered as `run` numbers them.
WHITE_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
               *range(0x2000, 0x200B)}


def is_blank(raw):
    if all(b == 0x20 or 0x09 <= b <= 0x0D for b in raw):
        return True
    if len(raw) > 64 or not all(b >= 0x80 or b == 0x20 or 0x09 <= b <= 0x0D for b in raw):
        return False
    return all(ord(c) in WHITE_SPACE for c in raw.decode("utf-8", "replace"))


MENTION_SCHEMA = T.StructType([
    T.StructField("doc", T.StringType()), T.StructField("year", T.IntegerType()),
    T.StructField("concepts", T.ArrayType(T.StringType())), T.StructField("term", T.StringType()),
    T.StructField("lang", T.StringType()), T.StructField("text", T.StringType()),
    T.StructField("start", T.LongType()), T.StructField("end", T.LongType()), T.StructField("page", T.LongType()),
])
DOCUMENT_SCHEMA = T.StructType([
    T.StructField("doc", T.StringType()), T.StructField("source", T.StringType()), T.StructField("record", T.LongType()),
    T.StructField("year", T.IntegerType()), T.StructField("year_source", T.StringType()),
    T.StructField("title", T.StringType()), T.StructField("issuer", T.StringType()), T.StructField("lang", T.StringType()),
    T.StructField("tokens", T.LongType()), T.StructField("mentions", T.LongType()),
    T.StructField("group", T.ArrayType(T.StringType())),
    T.StructField("concepts", T.MapType(T.StringType(), T.LongType())),
    T.StructField("metadata", T.MapType(T.StringType(), T.StringType())),
])
KWIC_SCHEMA = T.StructType([T.StructField(n, T.IntegerType() if n == "year" else T.StringType())
                            for n in ["doc", "year", "concept", "term", "left", "match", "right"]]
                           + [T.StructField(n, T.LongType()) for n in ["mention", "start", "end", "page"]])


def csv_encode(raw):
    """A CSV cell as CSVWriter.encode writes text: a leading = + - @ tab or
    CR gets a ', and a cell with a comma, quote or line break is quoted."""
    s = raw
    if s and s[0] in "=+-@\t\r":
        s = "'" + s
    if any(c in s for c in ',"\n\r'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def field_columns(header, fields):
    """documents.csv's record-field columns after the concept columns, as
    DocumentsFile.fieldColumns names them: sorted, `field_NAME` where a fixed
    or concept column has the name. `header` is the header up to the concept
    columns (from the `documents_header` aggregate)."""
    taken = set(next(csv.reader([header.lstrip("\ufeff")])))
    return [(f, "field_" + f if f in taken else f) for f in sorted(fields)]


def combine(key, a, b):
    """Combines two values of one partial-aggregate key (docs/FORMATS.md)."""
    op = key[0]
    if op == "sum":
        return [x + y for x, y in zip(a, b)]
    if op == "min":
        return [min(a[0], b[0])]
    if op == "max":
        return [max(a[0], b[0])]
    if op == "list":
        return a + b
    if op == "first":
        return sorted(a + b, key=lambda item: item[0])[:key[1]]
    if op == "set":
        return sorted(set(a) | set(b))
    if op == "same":
        if a != b:
            raise ValueError(f"partitions disagree on {key}: {a} vs {b}")
        return a
    raise ValueError(f"unknown aggregate {key}")


class Job:
    def __init__(self, spark, args):
        self.spark = spark
        self.sc = spark.sparkContext
        self.args = args
        self.jvm = self.sc._jvm
        self.conf = self.sc._jsc.hadoopConfiguration()
        if __name__ != "__main__":
            # Imported (by the test or the benchmark): the workers import this module too.
            self.sc.addPyFile(os.path.abspath(__file__))

    # Hadoop filesystem helpers (local paths, hdfs://, s3a://, …)
    def path(self, p):
        return self.jvm.org.apache.hadoop.fs.Path(p)

    def fs(self, p):
        return self.path(p).getFileSystem(self.conf)

    def qualified(self, p):
        fs = self.fs(p)
        return fs.makeQualified(self.path(p)).toString()

    def list_files(self, root):
        """(relative path, full URI) of every file under root; hidden folders are not entered."""
        root_uri = self.qualified(root)
        fs = self.fs(root)
        status = fs.getFileStatus(self.path(root_uri))
        if status.isFile():
            name = status.getPath().getName()
            return root_uri.rsplit("/", 1)[0], [(name, root_uri, status.getLen())]
        out = []
        it = fs.listFiles(self.path(root_uri), True)
        while it.hasNext():
            entry = it.next()
            uri = entry.getPath().toString()
            rel = uri[len(root_uri.rstrip("/")) + 1:]
            if any(part.startswith(".") for part in rel.split("/")[:-1]):
                continue
            out.append((rel, uri, entry.getLen()))
        return root_uri, sorted(out)

    def read_small(self, uri):
        """A small file's bytes on the driver (the corpus configuration)."""
        return self.sc.binaryFiles(uri, 1).collect()[0][1]

    def ship_config(self, root_uri, files):
        """policytrace.yaml and the issuer table it names, copied to a local folder shipped to the executors."""
        folder = tempfile.mkdtemp(prefix="policytrace-config-")
        names = {rel for rel, _, _ in files}
        wanted = ["policytrace.yaml"]
        if "policytrace.yaml" in names:
            text = self.read_small(root_uri.rstrip("/") + "/policytrace.yaml").decode("utf-8", "replace")
            for line in text.splitlines():
                if line.startswith("issuers:"):
                    wanted.append(line.split(":", 1)[1].strip().strip("\"'"))
        sent = 0
        for name in wanted:
            if name in names:
                data = self.read_small(root_uri.rstrip("/") + "/" + name)
                sent += len(data)
                target = os.path.join(folder, name)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
        return folder, sent

    def run(self):
        a, sc = self.args, self.sc
        out = self.qualified(a.out)
        fs = self.fs(out)
        for name in EXECUTOR_OUTPUTS + DRIVER_OUTPUTS:
            target = self.path(out.rstrip("/") + "/" + name.rstrip("/"))
            if fs.exists(target):
                if not a.overwrite:
                    raise SystemExit(f"error: {out}/{name} exists; choose another --out or give --overwrite")
                fs.delete(target, True)
        root_uri, files = self.list_files(a.corpus)
        if not files:
            raise SystemExit(f"error: {a.corpus}: no files to read")
        config, config_bytes = self.ship_config(root_uri, files)

        # Which files a run reads, and which go as lines: the binary decides, on the driver.
        local_binary = os.path.abspath(a.binary) if os.path.exists(a.binary) else a.binary
        done = subprocess.run([local_binary, "tag", "--stdin", "paths", "--corpus", config] +
                              (["--format", a.format] if a.format else []) + (["--encoding", a.encoding] if a.encoding else []),
                              input="".join(rel + "\n" for rel, _, _ in files), capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"error: {local_binary} tag --stdin paths failed ({done.returncode}): {done.stderr.strip()}")
        listing = done.stdout
        plan = {}
        for line in listing.splitlines():
            rel, _fmt, read, how = line.split("\t")
            plan[rel] = (read == "read", how)
        uris = {rel: uri for rel, uri, _ in files}
        sizes = {rel: size for rel, _, size in files}
        whole = [uris[rel] for rel, (read, how) in sorted(plan.items()) if read and how == "whole"]
        lined = [(rel, uris[rel]) for rel, (read, how) in sorted(plan.items()) if read and how == "lines"]
        lined_bytes = sum(sizes[rel] for rel, _ in lined)
        if not whole and not lined:
            raise SystemExit(f"error: {a.corpus}: every file is ignored (hidden, README, LICENSE or policytrace.yaml ignore rules)")

        # The binary, lexicons and configuration reach the executors with addFile (or are on them already).
        if a.binary_on_executors:
            binary = a.binary
        else:
            sc.addFile(local_binary)
            binary = None
        lexicon_names = []
        for lexicon in a.lexicon:
            sc.addFile(os.path.abspath(lexicon), recursive=os.path.isdir(lexicon))
            lexicon_names.append(os.path.basename(os.path.abspath(lexicon)))
        sc.addFile(config, recursive=True)
        config_name = os.path.basename(config)
        binary_name = os.path.basename(local_binary)

        items = []
        if whole:
            def envelope(pair, root=root_uri.rstrip("/") + "/"):
                uri, data = pair
                return json.dumps({"@file": uri[len(root):] if uri.startswith(root) else uri.rsplit("/", 1)[-1],
                                   "@base64": base64.b64encode(data).decode("ascii")})
            items.append(sc.binaryFiles(",".join(whole), minPartitions=a.partitions).map(envelope))
        for rel, uri in lined:
            items.append(self.record_lines(rel, uri))
        records = items[0] if len(items) == 1 else sc.union(items)
        if records.getNumPartitions() > a.partitions:
            records = records.coalesce(a.partitions)

        fail = os.environ.get("POLICYTRACE_SPARK_FAIL_PARTITION")
        fail = int(fail) if fail not in (None, "") else None
        cmd_args = (binary, binary_name, config_name, lexicon_names)
        opts = dict(by=a.by, kwic_window=a.kwic_window, min_tokens=a.min_tokens, overlaps=a.overlaps, period=a.period, format=a.format, encoding=a.encoding)

        def pipe(index, iterator):
            b, bname, cname, lnames = cmd_args
            exe = b or SparkFiles.get(bname)
            cmd = stream_command(exe, SparkFiles.get(cname), [SparkFiles.get(n) for n in lnames], opts)
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            errors = []

            def feed():
                try:
                    for item in iterator:
                        proc.stdin.write(item.encode("utf-8") + b"\n")
                    proc.stdin.close()
                except BaseException as e:  # the reader below reports the process's own error
                    errors.append(e)
                    try:
                        proc.stdin.close()
                    except OSError:
                        pass
            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            stderr = []
            drain = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
            drain.start()
            attempt = TaskContext.get().attemptNumber() if TaskContext.get() else 0
            n = 0
            for line in proc.stdout:
                n += 1
                if fail == index and attempt == 0 and n > 2:
                    proc.kill()
                    raise RuntimeError(f"injected failure of partition {index}, attempt {attempt} (POLICYTRACE_SPARK_FAIL_PARTITION)")
                yield line.decode("utf-8").rstrip("\n")
            feeder.join()
            code = proc.wait()
            drain.join()
            if code != 0 or errors:
                raise RuntimeError(f"policytrace tag --stdin (partition {index}) failed with {code}: "
                                   f"{(stderr[0] if stderr else b'').decode('utf-8', 'replace')[-2000:]} {errors}")

        lines = records.mapPartitionsWithIndex(pipe).persist(StorageLevel.MEMORY_AND_DISK)

        # 1. Partial aggregates, reduced in Spark: only the reduced pairs come back.
        def keyed(line):
            _, key, value = line.split("\t", 2)
            return key, value

        reduced = (lines.filter(lambda l: l.startswith("A\t")).map(keyed)
                   .map(lambda kv: (kv[0], (json.loads(kv[0]), json.loads(kv[1]))))
                   .reduceByKey(lambda x, y: (x[0], combine(x[0], x[1], y[1])))
                   .map(lambda kv: kv[0] + "\t" + json.dumps(kv[1][1], ensure_ascii=False, separators=(",", ":")))
                   .collect())
        driver_bytes = sum(len(r.encode("utf-8")) + 1 for r in reduced)
        header = None
        fields = []
        for r in reduced:
            if r.startswith('["same","documents_header"]'):
                header = json.loads(r.split("\t", 1)[1])[0]
            if r.startswith('["set","fields"]'):
                fields = json.loads(r.split("\t", 1)[1])
        columns = field_columns(header, fields) if header is not None else []
        if header is not None:
            header += "".join("," + csv_encode(c) for _, c in columns)

        # 2. The executors write the rows, with Spark's writers.
        def payload(line):
            return line.split("\t", 2)[2]

        def kind(t):
            return lines.filter(lambda l, p=t + "\t": l.startswith(p))

        base = out.rstrip("/")
        kind("M").map(payload).saveAsTextFile(base + "/mentions")
        kind("D").map(payload).saveAsTextFile(base + "/documents")
        # A KWIC row's `mention` is its mention's line in the corpus's
        # mentions.jsonl, as in `run`: the mentions sorted by their keys
        # (path, line, document, mention) and numbered.
        def kwic_keyed(line):
            _, key, row = line.split("\t", 2)
            return tuple(json.loads(key)[:4]), row

        def numbered(pair):
            row, line = pair[1]
            r = json.loads(row)
            r["mention"] = line + 1
            return json.dumps(r, ensure_ascii=False, separators=(",", ":"))
        mention_lines = kind("M").map(lambda l: (tuple(json.loads(l.split("\t", 2)[1])), None)).sortByKey().keys().zipWithIndex()
        kind("K").map(kwic_keyed).join(mention_lines).map(numbered).saveAsTextFile(base + "/kwic")
        reader = self.spark.read
        reader.schema(MENTION_SCHEMA).json(base + "/mentions").write.partitionBy("year").parquet(base + "/mentions.parquet")
        reader.schema(DOCUMENT_SCHEMA).json(base + "/documents").write.partitionBy("year").parquet(base + "/documents.parquet")
        reader.schema(KWIC_SCHEMA).json(base + "/kwic").write.partitionBy("year").parquet(base + "/kwic.parquet")

        # documents.csv in corpus order: sorted by (path, line, document), one part file, renamed.
        def csv_row(line, columns=columns):
            _, key, value = line.split("\t", 2)
            row, cells = json.loads(value)
            return tuple(json.loads(key)), row + "".join("," + cells.get(f, "") for f, _ in columns)
        rows = kind("C").map(csv_row)
        if header is not None:
            rows = sc.parallelize([((), header)], 1).union(rows)
        staging = base + "/.documents.csv.parts"
        rows.sortByKey(numPartitions=1).values().saveAsTextFile(staging)
        fs.rename(self.path(staging + "/part-00000"), self.path(base + "/documents.csv"))
        fs.delete(self.path(staging), True)
        lines.unpersist()

        # 3. The driver's files, from the reduced counts, with the project's writers.
        local = tempfile.mkdtemp(prefix="policytrace-aggregates-")
        try:
            agg = os.path.join(local, "aggregates.tsv")
            with open(agg, "w", encoding="utf-8") as f:
                for r in sorted(reduced):
                    f.write(r + "\n")
                f.write('["same","corpus"]\t' + json.dumps([a.corpus]) + "\n")
                f.write('["same","out"]\t' + json.dumps([a.out]) + "\n")
                # Files dealt out as lines: their sizes, which no partition sees whole.
                f.write('["sum","count","bytes"]\t' + json.dumps([lined_bytes]) + "\n")
                f.write('["same","outputs"]\t' + json.dumps(DRIVER_OUTPUTS + EXECUTOR_OUTPUTS) + "\n")
            if a.keep_aggregates:
                shutil.copy(agg, a.keep_aggregates)
            merge = [local_binary, "merge", "--aggregates", agg, "--out", os.path.join(local, "out"), "--quiet"]
            for lexicon in a.lexicon:
                merge += ["--lexicon", lexicon]
            done = subprocess.run(merge, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"policytrace merge --aggregates failed: {done.stderr}")
            for name in DRIVER_OUTPUTS:
                fs.copyFromLocalFile(False, True, self.path("file://" + os.path.join(local, "out", name)), self.path(base + "/" + name))
        finally:
            shutil.rmtree(local, ignore_errors=True)
            shutil.rmtree(config, ignore_errors=True)
        stats = {"files": len(whole) + len(lined), "partitions": records.getNumPartitions(), "aggregate_lines": len(reduced),
                 "driver_bytes": driver_bytes, "config_bytes": config_bytes, "listing_bytes": len(listing.encode("utf-8"))}
        return stats

    def record_lines(self, rel, uri):
        """The lines of a JSON Lines file as `@json` records (or `@base64` when not UTF-8), with
        the line and record numbers `run` gives them. One small job counts each split's lines."""
        raw = self.sc.textFile(uri, minPartitions=self.args.partitions, use_unicode=False)
        counts = raw.mapPartitions(lambda it: [_count(it)]).collect()
        offsets, lines, recs = [], 0, 0
        for n, r in counts:
            offsets.append((lines, recs))
            lines += n
            recs += r

        def number(index, iterator, offsets=offsets, rel=rel):
            line, record = offsets[index]
            for raw_line in iterator:
                line += 1
                if is_blank(raw_line):
                    continue
                record += 1
                try:
                    text = raw_line.decode("utf-8")
                    yield json.dumps({"@file": rel, "@line": line, "@record": record, "@json": text}, ensure_ascii=False)
                except UnicodeDecodeError:
                    yield json.dumps({"@file": rel, "@line": line, "@record": record,
                                      "@base64": base64.b64encode(raw_line).decode("ascii")})
        return raw.mapPartitionsWithIndex(number)


def stream_command(exe, config, lexicons, o):
    """The `policytrace tag --stdin jsonl` command line of a partition."""
    cmd = [exe, "tag", "--stdin", "jsonl", "--corpus", config, "--by", o["by"], "--kwic-window", str(o["kwic_window"]),
           "--min-tokens", str(o["min_tokens"]), "--overlaps", o["overlaps"]]
    for lexicon in lexicons:
        cmd += ["--lexicon", lexicon]
    if o["period"]:
        cmd += ["--period", str(o["period"])]
    if o["format"]:
        cmd += ["--format", o["format"]]
    if o["encoding"]:
        cmd += ["--encoding", o["encoding"]]
    return cmd


def _count(iterator):
    n = r = 0
    for raw_line in iterator:
        n += 1
        if not is_blank(raw_line):
            r += 1
    return n, r


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", required=True, help="the policytrace executable on the driver; shipped to the executors with addFile")
    p.add_argument("--binary-on-executors", action="store_true", help="--binary is installed at that path on every executor (an image): do not ship it")
    p.add_argument("--corpus", default="Corpus", help="a folder or file Spark reads (local, hdfs://, s3a://, …)")
    p.add_argument("--lexicon", action="append", default=[], help="lexicon file or folder on the driver (shipped); repeat to combine")
    p.add_argument("--out", default="Output", help="output folder (any path Spark writes)")
    p.add_argument("--partitions", type=int, default=None, help="partitions (one policytrace process each); default: 2 per core")
    p.add_argument("--by", default="year")
    p.add_argument("--period", type=int, default=None)
    p.add_argument("--kwic-window", type=int, default=30)
    p.add_argument("--min-tokens", type=int, default=1000, help="as run --min-tokens: groups with fewer tokens are low_base")
    p.add_argument("--overlaps", default="longest")
    p.add_argument("--format", default=None)
    p.add_argument("--encoding", default=None)
    p.add_argument("--overwrite", action="store_true", help="replace the job's outputs in --out")
    p.add_argument("--keep-aggregates", default=None, help="also save the reduced aggregates file here (local path)")
    p.add_argument("--master", default=None, help="e.g. local[2]; default: what spark-submit sets")
    return p


def run_job(spark, argv):
    args = parser().parse_args(argv)
    if not args.lexicon:
        args.lexicon = ["Lexicons"]
    if args.partitions is None:
        args.partitions = max(1, spark.sparkContext.defaultParallelism * 2)
    return Job(spark, args).run()


def main(argv=None):
    args = parser().parse_args(argv)
    builder = SparkSession.builder.appName("policytrace")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        stats = run_job(spark, argv)
    finally:
        spark.stop()
    print(f"policytrace-spark: {stats['files']} files in {stats['partitions']} partitions; the driver received "
          f"{stats['driver_bytes']} bytes of reduced aggregates ({stats['aggregate_lines']} keys), "
          f"{stats['listing_bytes']} bytes of file listing, {stats['config_bytes']} bytes of corpus configuration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
