#!/usr/bin/env python3
"""Whole-process benchmark of the policytrace commands (run by bench.sh).

Builds the inputs in a work folder (kept and reused by later runs of the same
sizes), then times each command as a whole process, best of N runs, in the
same run as its peers: cat, ripgrep (`rg -F -i -c -f terms`), pyahocorasick
and hyperscan (peers.py) counting the lexicon's term stems. Prints, per tool
and input, seconds, MB/s, peak RSS and the ratio to ripgrep, then the
targets and whether each is met, then policytrace-bench's in-process figures
as a diagnostic.

Inputs:
  one file    TEXT_MB of text: the corpus's Chinese reports (the `content` of
              Corpus/government_work_reports.jsonl, boilerplate stripped as
              Corpus/policytrace.yaml says) interleaved with English text (the
              Table 1 chronology's rows and the seed papers), every 4th piece
              English, joined by blank lines, as policytrace-bench builds it
  many files  the same bytes cut into FILES pieces (~3 KB) at UTF-8 boundaries
  JSON Lines  JSONL_MB of records {"id","title","year","text"}, the reports
              replicated
  one line    a one-line text file
"""
import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

import yaml

MB = 1 << 20
# Bumped whenever the inputs are made differently, so that old ones are not reused.
GENERATOR = 1
HERE = os.path.dirname(os.path.abspath(__file__))
SPAWN = os.path.join(HERE, "spawn.py")


def fail(message):
    sys.exit(f"bench.py: {message}")


def positive(kind):
    """An argparse type: a number > 0 (or >= 0 for sizes that may be left out)."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}")
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
        return value
    return parse


def non_negative(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def parse_args():
    p = argparse.ArgumentParser(description="Whole-process benchmark of the policytrace commands.")
    p.add_argument("--bin", required=True, help="the policytrace binary to time")
    p.add_argument("--repo", default=os.path.dirname(os.path.dirname(HERE)), help="the repository (Corpus/, Lexicons/)")
    p.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "policytrace-commands"),
                   help="folder for the inputs (kept, reused) and outputs")
    p.add_argument("--text-mb", type=positive(float), default=64, help="size of the mixed text in MB (default 64)")
    p.add_argument("--files", type=positive(int), default=20000, help="pieces the text is cut into (default 20000)")
    p.add_argument("--jsonl-mb", type=non_negative, default=1024, help="size of the JSON Lines corpus in MB (default 1024; 0: none)")
    p.add_argument("--dense-mb", type=non_negative, default=50,
                   help="size of the one-line many-mentions text in MB (default 50; 0: none)")
    p.add_argument("--runs", type=positive(int), default=3, help="best of how many runs per command (default 3)")
    p.add_argument("--runs-big", type=positive(int), default=1, help="runs per command on the JSON Lines corpus (default 1)")
    p.add_argument("--seeds", help="folder of English seed papers (default: ../shared/seeds beside the repository); none: leave out")
    p.add_argument("--diagnostic", help="policytrace-bench binary (default: REPO/.build/release/policytrace-bench if present); none: skip")
    a = p.parse_args()
    a.bin = os.path.abspath(a.bin)
    if not (os.path.isfile(a.bin) and os.access(a.bin, os.X_OK)):
        fail(f"--bin {a.bin} is not an executable file")
    a.repo = os.path.abspath(a.repo)
    for need in ("Corpus/government_work_reports.jsonl", "Corpus/table1_chronology.txt", "Lexicons"):
        if not os.path.exists(os.path.join(a.repo, need)):
            fail(f"--repo {a.repo} has no {need}")
    if a.seeds is None:
        default = os.path.join(os.path.dirname(a.repo), "shared", "seeds")
        a.seeds = default if os.path.isdir(default) else None
    elif a.seeds == "none":
        a.seeds = None
    elif not os.path.isdir(a.seeds):
        fail(f"--seeds {a.seeds} is not a folder (give `none` to leave the seed papers out)")
    if a.diagnostic is None:
        default = os.path.join(a.repo, ".build", "release", "policytrace-bench")
        a.diagnostic = default if os.path.isfile(default) else None
    elif a.diagnostic == "none":
        a.diagnostic = None
    elif not os.access(a.diagnostic, os.X_OK):
        fail(f"--diagnostic {a.diagnostic} is not an executable file")
    a.work = os.path.abspath(a.work)
    return a


# ---------------------------------------------------------------- inputs

def source_digest(paths):
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            h.update(path.encode() + b"\0" + hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:16]


def stripper(repo):
    """The corpus's `strip` rules (Corpus/policytrace.yaml) as a function."""
    with open(os.path.join(repo, "Corpus", "policytrace.yaml"), encoding="utf-8") as f:
        config = yaml.load(f, Loader=yaml.BaseLoader) or {}
    rules = [(re.compile(r["from"]), True) if "from" in r else (re.compile(r["pattern"]), False)
             for r in config.get("strip") or []]

    def strip(text):
        for regex, cut_to_end in rules:
            if cut_to_end:
                m = regex.search(text)
                text = text[:m.start()] if m else text
            else:
                text = regex.sub("", text)
        return text
    return strip


def reports(repo):
    strip = stripper(repo)
    with open(os.path.join(repo, "Corpus", "government_work_reports.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for r in records:
        r["text"] = strip(r.get("content") or "")
    return records


def english_pieces(repo, seeds):
    """The chronology's rows (the text cell of each tab-separated row) and the seed papers."""
    pieces = []
    with open(os.path.join(repo, "Corpus", "table1_chronology.txt"), encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                cell = max(line.split("\t"), key=len).strip()
                if len(cell.split()) >= 5:  # not the header row
                    pieces.append(cell)
    for name in sorted(os.listdir(seeds)) if seeds else []:
        with open(os.path.join(seeds, name), encoding="utf-8", errors="replace") as f:
            pieces.append(f.read())
    return pieces


def reuse(folder, stamp):
    """True when FOLDER was completely generated with these parameters."""
    try:
        with open(folder + ".json", encoding="utf-8") as f:
            return json.load(f)["stamp"] == stamp and os.path.isdir(folder)
    except (OSError, ValueError, KeyError):
        return False


def finish(folder, tmp, stamp, facts):
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(tmp, folder)
    with open(folder + ".json", "w", encoding="utf-8") as f:
        json.dump({"stamp": stamp, **facts}, f)


def facts_of(folder):
    with open(folder + ".json", encoding="utf-8") as f:
        return json.load(f)


def build_text(a, inputs):
    """The mixed text as one file (in its own folder) and cut into many files."""
    seeds = [os.path.join(a.seeds, n) for n in sorted(os.listdir(a.seeds))] if a.seeds else []
    sources = [os.path.join(a.repo, "Corpus", n) for n in ("government_work_reports.jsonl", "table1_chronology.txt", "policytrace.yaml")] + seeds
    stamp = {"generator": GENERATOR, "text_mb": a.text_mb, "seeds": bool(seeds), "sources": source_digest(sources)}
    one = os.path.join(inputs, f"text-{a.text_mb:g}mb-{'seeds' if seeds else 'noseeds'}")
    if not reuse(one, stamp):
        print(f"generating {one} …", file=sys.stderr, flush=True)
        chinese = [r["text"] for r in reports(a.repo)]
        english = english_pieces(a.repo, a.seeds)
        pieces, size, i, english_bytes = [], 0, 0, 0
        while size < a.text_mb * MB:
            piece = english[(i // 4) % len(english)] if i % 4 == 3 else chinese[i % len(chinese)]
            n = len(piece.encode("utf-8"))
            pieces.append(piece)
            size += n
            english_bytes += n if i % 4 == 3 else 0
            i += 1
        data = "\n\n".join(pieces).encode("utf-8")
        tmp = one + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        with open(os.path.join(tmp, "input.txt"), "wb") as f:
            f.write(data)
        finish(one, tmp, stamp, {"bytes": len(data), "english_share": english_bytes / len(data)})
    text_path = os.path.join(one, "input.txt")

    many = os.path.join(inputs, os.path.basename(one) + f"-files{a.files}")
    many_stamp = {**stamp, "files": a.files}
    if not reuse(many, many_stamp):
        print(f"generating {many} …", file=sys.stderr, flush=True)
        with open(text_path, "rb") as f:
            data = f.read()
        tmp = many + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        chunk = max(len(data) // a.files, 64)
        width = len(str(a.files))
        start, n, largest = 0, 0, 0
        while start < len(data):
            end = min(start + chunk, len(data))
            while end < len(data) and data[end] & 0xC0 == 0x80:  # never cut inside a character
                end += 1
            with open(os.path.join(tmp, f"{n:0{width}d}.txt"), "wb") as f:
                f.write(data[start:end])
            largest = max(largest, end - start)
            start, n = end, n + 1
        finish(many, tmp, many_stamp, {"bytes": len(data), "count": n, "largest": largest})
    return one, many


def build_dense(a, inputs, terms_path):
    """One line of corpus clauses (cut at ，。；) that hold a lexicon term, the
    shortest first, repeated to DENSE_MB: a mention every dozen or so bytes,
    millions on one line (issue #18: memory must stay bounded)."""
    stamp = {"generator": GENERATOR, "dense_mb": a.dense_mb,
             "sources": source_digest([os.path.join(a.repo, "Corpus", "government_work_reports.jsonl"), terms_path])}
    folder = os.path.join(inputs, f"dense-{a.dense_mb:g}mb")
    if not reuse(folder, stamp):
        print(f"generating {folder} …", file=sys.stderr, flush=True)
        with open(terms_path, encoding="utf-8") as f:
            terms = [t.strip() for t in f if t.strip() and not t.strip().isascii()]
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
        clauses = set()
        for r in reports(a.repo):
            for c in re.split(r"[，。；\n]", r["text"]):
                c = c.strip()
                if c and len(c) <= 6 and pattern.search(c):
                    clauses.add(c)
        unit = "，".join(sorted(clauses, key=lambda c: (len(c), c))) + "。"
        unit_bytes = unit.encode("utf-8")
        data = unit_bytes * (int(a.dense_mb * MB) // len(unit_bytes) + 1) + b"\n"
        tmp = folder + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        with open(os.path.join(tmp, "line.txt"), "wb") as f:
            f.write(data)
        finish(folder, tmp, stamp, {"bytes": len(data), "clauses": len(clauses)})
    return folder


def build_jsonl(a, inputs):
    sources = [os.path.join(a.repo, "Corpus", n) for n in ("government_work_reports.jsonl", "policytrace.yaml")]
    stamp = {"generator": GENERATOR, "jsonl_mb": a.jsonl_mb, "sources": source_digest(sources)}
    folder = os.path.join(inputs, f"jsonl-{a.jsonl_mb:g}mb")
    if not reuse(folder, stamp):
        print(f"generating {folder} …", file=sys.stderr, flush=True)
        lines = list(enumerate(reports(a.repo)))
        tmp = folder + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        size, records, copy, largest = 0, 0, 0, 0
        with open(os.path.join(tmp, "corpus.jsonl"), "w", encoding="utf-8") as f:
            while size < a.jsonl_mb * MB:
                for i, r in lines:
                    line = json.dumps({"id": f"r{copy:05d}-{i:02d}", "title": r.get("title"), "year": r.get("year"),
                                       "text": r["text"]}, ensure_ascii=False) + "\n"
                    f.write(line)
                    size += len(line.encode("utf-8"))
                    records += 1
                    largest = max(largest, len(r["text"].encode("utf-8")))
                    if size >= a.jsonl_mb * MB:
                        break
                copy += 1
        finish(folder, tmp, stamp, {"bytes": size, "records": records, "largest": largest})
    return folder


def build_terms(a, work):
    """The lexicon's term stems (a trailing `*` dropped), one a line, as policytrace-bench writes terms.txt."""
    names = sorted(n for n in os.listdir(os.path.join(a.repo, "Lexicons")) if n.lower().endswith((".yaml", ".yml")))
    stems = set()
    for name in names:
        with open(os.path.join(a.repo, "Lexicons", name), encoding="utf-8") as f:
            doc = yaml.load(f, Loader=yaml.BaseLoader) or {}  # every scalar a string, as the lexicon reader reads them
        for concept in doc.get("concepts") or []:
            for entries in (concept.get("terms") or {}).values():
                for term in [entries] if isinstance(entries, str) else entries:
                    term = term.strip()
                    stem = term[:-1] if term.endswith("*") else term
                    if stem:
                        stems.add(stem)
    if not stems:
        fail(f"no terms found in {a.repo}/Lexicons")
    path = os.path.join(work, "terms.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(stems)))
    return path, len(stems)


# ---------------------------------------------------------------- timing

class Row:
    def __init__(self, tool, input_name, mb, kind):
        self.tool, self.input, self.mb, self.kind = tool, input_name, mb, kind
        self.seconds = self.rss = self.count = None
        self.error = None

    @property
    def rate(self):
        return self.mb / self.seconds if self.seconds else None


def run_once(argv, log):
    """One whole process: wall seconds, peak RSS in MB, exit code. spawn.py forks
    it from a small process, because a child's peak RSS starts at its parent's RSS."""
    proc = subprocess.run([sys.executable, "-S", "-E", SPAWN, log + ".out", log + ".err", "--"] + argv,
                          capture_output=True, text=True)
    try:
        seconds, kb, code = proc.stdout.split()
        return float(seconds), int(kb) / 1024, int(code)
    except ValueError:
        fail(f"spawn.py failed on {argv[0]}: {proc.stderr.strip() or proc.stdout.strip()}")


def measure(row, argv, runs, log, prepare=None, ok_codes=(0,), count=None):
    """Best wall time of RUNS runs, the largest peak RSS; COUNT reads the result count after the last run."""
    for _ in range(runs):
        if prepare:
            prepare()
        seconds, rss, code = run_once(argv, log)
        if code not in ok_codes:
            with open(log + ".err", encoding="utf-8", errors="replace") as f:
                tail = f.read().strip().splitlines()[-3:]
            row.error = f"exit {code}: " + " / ".join(tail)
            return row
        row.seconds = seconds if row.seconds is None else min(row.seconds, seconds)
        row.rss = rss if row.rss is None else max(row.rss, rss)
    if count:
        try:
            row.count = count(log)
        except (OSError, ValueError) as e:
            row.error = f"no result to count: {e}"
    print(f"  {row.tool:<44} {row.input:<11} {row.seconds or 0:8.3f} s" + (f"  {row.error}" if row.error else ""),
          file=sys.stderr, flush=True)
    return row


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 24):
            n += block.count(b"\n")
    return n


def stdout_int(log):
    with open(log + ".out", encoding="utf-8") as f:
        return int(f.read().strip() or 0)


def rg_total(log):
    """rg -c prints `N` for one file, `path:N` per matching file for a folder."""
    total = 0
    with open(log + ".out", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                total += int(line.rsplit(":", 1)[-1])
    return total


def warm(paths):
    """Reads the inputs once, untimed, so that every tool finds them in the page cache."""
    for path in paths:
        for folder, _, names in os.walk(path) if os.path.isdir(path) else [(os.path.dirname(path), None, [os.path.basename(path)])]:
            for name in names:
                with open(os.path.join(folder, name), "rb") as f:
                    while f.read(1 << 24):
                        pass


def size_mb(path):
    if os.path.isfile(path):
        return os.path.getsize(path) / MB
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(path) for n in names) / MB


# ---------------------------------------------------------------- output

def table(header, rows, align):
    """A Markdown table padded to line up in a terminal."""
    cells = [header] + rows
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(r):
        return "| " + " | ".join(c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(r, widths, align)) + " |"
    out = [line(header), "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2)) for w, a in zip(widths, align)) + "|"]
    return "\n".join(out + [line(r) for r in rows])


def fmt(value, spec, missing="-"):
    return missing if value is None else format(value, spec)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f"{kb / MB:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return model, mem


def first_line(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def check_options(binary):
    """The options the benchmark passes must exist in this binary's help."""
    for command, options in (("run", ["--corpus", "--lexicon", "--out", "--jobs", "--no-store", "--quiet"]),
                             ("tag", ["--lexicon", "-o"])):
        proc = subprocess.run([binary, command, "--help"], capture_output=True, text=True)
        text = proc.stdout + proc.stderr
        missing = [o for o in options if o not in text]
        if proc.returncode != 0 or missing:
            fail(f"`{binary} {command} --help` " + (f"lacks {', '.join(missing)}" if missing else f"failed (exit {proc.returncode})"))


# ---------------------------------------------------------------- main

def main():
    a = parse_args()
    inputs = os.path.join(a.work, "inputs")
    out = os.path.join(a.work, "out")
    logs = os.path.join(a.work, "logs")
    for d in (inputs, logs):
        os.makedirs(d, exist_ok=True)
    check_options(a.bin)
    lexicon = os.path.join(a.repo, "Lexicons")

    one, many = build_text(a, inputs)
    jsonl = build_jsonl(a, inputs) if a.jsonl_mb > 0 else None
    tiny = os.path.join(inputs, "tiny.txt")
    with open(tiny, "w", encoding="utf-8") as f:
        f.write("深化户籍制度改革，保障农民工随迁子女平等接受教育。Hukou reform and migrant workers' access to community services.\n")
    terms, term_count = build_terms(a, a.work)

    model, mem = machine()
    load0 = os.getloadavg()
    text_facts, many_facts = facts_of(one), facts_of(many)
    print("# policytrace commands, whole-process benchmark (Benchmarks/commands/bench.sh)")
    print()
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, {mem} RAM; "
          f"{platform.system()} {platform.release()}; load average at start {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")
    print(f"policytrace: {a.bin} ({first_line([a.bin, '--version'])})")
    print(f"peers: {first_line(['rg', '--version'])}; pyahocorasick {pkg_version('pyahocorasick')}, "
          f"hyperscan {pkg_version('hyperscan')} (Python {platform.python_version()}); {first_line(['cat', '--version'])}")
    print(f"terms: {term_count} term stems of {lexicon} ({terms})")
    print(f"inputs ({inputs}):")
    print(f"  one file:   {text_facts['bytes'] / MB:.1f} MB, {text_facts['english_share'] * 100:.0f}% English by bytes"
          f"{'' if a.seeds else ' (no seed papers)'}")
    print(f"  many files: the same {many_facts['bytes'] / MB:.1f} MB as {many_facts['count']:,} files (largest {many_facts['largest']:,} bytes)")
    if jsonl:
        jf = facts_of(jsonl)
        print(f"  JSON Lines: {jf['bytes'] / MB:.1f} MB, {jf['records']:,} records (largest text {jf['largest'] / 1024:.0f} KB)")
    print(f"  one line:   {os.path.getsize(tiny)} bytes")
    floor = run_once(["true"], os.path.join(logs, "floor"))[1]
    print(f"best of {a.runs} runs ({a.runs_big} on the JSON Lines corpus); MB = 2^20 bytes of input; "
          "peak RSS = the process's maximum resident set (wait4), largest over the runs")
    print(f"(each command is forked by spawn.py, whose own size, {floor:.1f} MB, is the smallest peak RSS it can show)", flush=True)

    python = sys.executable
    peers = os.path.join(HERE, "peers.py")
    rows = []

    def fresh():
        shutil.rmtree(out, ignore_errors=True)

    def mentions(_log):
        return count_lines(os.path.join(out, "mentions.jsonl"))

    def tagged(_log):
        return count_lines(os.path.join(out, "out.jsonl"))

    def group(name, corpus, path, runs, policytrace_rows):
        """Every tool on one input. CORPUS: the folder `run` reads; PATH: what the other tools read."""
        mb = size_mb(path)
        warm([path])
        print(f"timing {name} ({mb:.1f} MB) …", file=sys.stderr, flush=True)
        log = lambda tool: os.path.join(logs, f"{name.replace(' ', '-')}.{tool}")
        if os.path.isdir(path):
            names = sorted(os.listdir(path))
            if sum(len(n) + 9 for n in names) < os.sysconf("SC_ARG_MAX") // 2:
                argv = ["sh", "-c", 'cd "$0" && exec cat -- "$@" >/dev/null', path] + names
            else:  # too many names for one command line: cat in batches
                argv = ["sh", "-c", 'cd "$0" && exec find . -type f -exec cat -- {} + >/dev/null', path]
            rows.append(measure(Row("cat", name, mb, "cat"), argv, runs, log("cat")))
        else:
            rows.append(measure(Row("cat", name, mb, "cat"), ["sh", "-c", 'exec cat -- "$0" >/dev/null', path], runs, log("cat")))
        rows.append(measure(Row("rg -F -i -c -f terms", name, mb, "rg"), ["rg", "-F", "-i", "-c", "-f", terms, path],
                            runs, log("rg"), ok_codes=(0, 1), count=rg_total))
        rows.append(measure(Row("pyahocorasick", name, mb, "peer"), [python, peers, "aho", terms, path], runs, log("aho"), count=stdout_int))
        rows.append(measure(Row("hyperscan", name, mb, "peer"), [python, peers, "hs", terms, path], runs, log("hs"), count=stdout_int))
        base = [a.bin, "run", "--corpus", corpus, "--lexicon", lexicon, "--out", out, "--quiet"]
        for label, extra in policytrace_rows:
            if label.startswith("policytrace tag"):
                argv = [a.bin, "tag", path, "--lexicon", lexicon, "-o", os.path.join(out, "out.jsonl")]

                def prepare():
                    fresh()
                    os.makedirs(out)
                rows.append(measure(Row(label, name, mb, "pt"), argv, runs, log("tag"), prepare=prepare, count=tagged))
            else:
                rows.append(measure(Row(label, name, mb, "pt"), base + extra, runs, log(re.sub(r"\W+", "-", label).strip("-")),
                                    prepare=fresh, count=mentions))
        fresh()

    text_rows = [("policytrace run --no-store", ["--no-store"]),
                 ("policytrace run --no-store --jobs 1", ["--no-store", "--jobs", "1"]),
                 ("policytrace run --no-store --jobs 2", ["--no-store", "--jobs", "2"]),
                 ("policytrace run (with the store)", []),
                 ("policytrace tag PATH -o out.jsonl", [])]
    group("one file", one, os.path.join(one, "input.txt"), a.runs, text_rows)
    group("many files", many, many, a.runs, text_rows)
    if jsonl:
        group("JSON Lines", jsonl, os.path.join(jsonl, "corpus.jsonl"), a.runs_big,
              [("policytrace run --no-store --jobs 2", ["--no-store", "--jobs", "2"])])
    dense_row = None
    if a.dense_mb > 0:
        dense = build_dense(a, inputs, terms)
        dense_mb = size_mb(os.path.join(dense, "line.txt"))
        print(f"timing one dense line ({dense_mb:.1f} MB) …", file=sys.stderr, flush=True)
        dense_row = measure(Row("policytrace run --no-store --jobs 2", "dense line", dense_mb, "dense"),
                            [a.bin, "run", "--corpus", dense, "--lexicon", lexicon, "--out", out, "--quiet", "--no-store", "--jobs", "2"],
                            1, os.path.join(logs, "dense.run"), prepare=fresh, count=mentions)
        fresh()
    tiny_row = measure(Row("policytrace tag tiny.txt", "one line", size_mb(tiny), "tiny"),
                       [a.bin, "tag", tiny, "--lexicon", lexicon], max(a.runs, 5), os.path.join(logs, "tiny.tag"),
                       count=lambda log: count_lines(log + ".out"))
    shutil.rmtree(out, ignore_errors=True)

    # The figures.
    rg = {r.input: r for r in rows if r.kind == "rg" and r.seconds}

    def ratio(r):
        base = rg.get(r.input)
        return r.rate / base.rate if r.rate and base and base.rate else None

    print()
    print("## Whole processes")
    print()
    body = []
    for r in rows + [tiny_row]:
        if r.error:
            body.append([r.tool, r.input, "FAILED", "", "", "", r.error[:80]])
            continue
        body.append([r.tool, r.input, f"{r.seconds:.3f}", fmt(r.rate, ".1f") if r.kind != "tiny" else "-",
                     f"{r.rss:.0f}", fmt(ratio(r), ".2f") if r.kind != "tiny" else "-", fmt(r.count, ",")])
    print(table(["tool", "input", "seconds", "MB/s", "peak RSS MB", "× rg", "count"], body, "llrrrrr"))
    print()
    print("count: mentions for policytrace (lines of mentions.jsonl or of the tag output); matches for the")
    print("Python peers (every occurrence of every term, overlapping ones included); matching lines for rg -c.")
    print("The Python peers on JSON Lines parse each line and scan its `text` field; rg and cat read raw bytes.")

    # Policytrace's counts must agree across its commands on one input.
    for name in sorted({r.input for r in rows}):
        counts = {r.tool: r.count for r in rows if r.kind == "pt" and r.input == name and r.count is not None}
        if len(set(counts.values())) > 1:
            print(f"NOTE: policytrace's mention counts differ on {name}: " + ", ".join(f"{t} {c:,}" for t, c in counts.items()))

    # The targets.
    def get(tool, name):
        return next((r for r in rows if r.tool == tool and r.input == name and r.seconds and not r.error), None)

    targets = []

    def target(what, name, figure, goal, met):
        targets.append([what, name, figure, goal, "-" if met is None else ("yes" if met else "NO")])

    for name in ("one file", "many files"):
        base = rg.get(name)
        for tool in ("policytrace run --no-store", "policytrace tag PATH -o out.jsonl"):
            r = get(tool, name)
            ok = r and base
            target(f"{tool.replace('policytrace ', '')} ≥ ripgrep", name,
                   f"{r.rate:.1f} vs {base.rate:.1f} MB/s = {ratio(r):.2f}×" if ok else "not measured", "≥ 1.00× rg",
                   ratio(r) >= 1.0 if ok else None)
    for name in ("one file", "many files"):
        r = get("policytrace run --no-store --jobs 1", name)
        target("run --jobs 1 ≥ 100 MB/s", name, f"{r.rate:.1f} MB/s" if r else "not measured", "≥ 100 MB/s",
               r.rate >= 100 if r else None)
    for name in ("one file", "many files"):
        j1, j2 = get("policytrace run --no-store --jobs 1", name), get("policytrace run --no-store --jobs 2", name)
        ok = j1 and j2
        target("run --jobs 2 ≥ 1.8× --jobs 1", name, f"{j1.seconds / j2.seconds:.2f}× ({j1.seconds:.2f} s → {j2.seconds:.2f} s)" if ok else "not measured",
               "≥ 1.80×", j1.seconds / j2.seconds >= 1.8 if ok else None)
    for name in ("one file", "many files"):
        s, n = get("policytrace run (with the store)", name), get("policytrace run --no-store", name)
        ok = s and n
        target("run with the store ≤ 1.25× without", name, f"{s.seconds / n.seconds:.2f}× ({n.seconds:.2f} s → {s.seconds:.2f} s)" if ok else "not measured",
               "≤ 1.25×", s.seconds / n.seconds <= 1.25 if ok else None)
    # Peak RSS: the compiled lexicon is what `tag` on a one-line file holds at its peak.
    largest = {"one file": text_facts["bytes"] / MB, "many files": many_facts["largest"] / MB}
    if jsonl:
        largest["JSON Lines"] = facts_of(jsonl)["largest"] / MB
    lexicon_mb = tiny_row.rss if not tiny_row.error else None
    for r in rows:
        if r.kind == "pt" and not r.error and lexicon_mb is not None:
            budget = 3 * largest[r.input] + lexicon_mb
            target(f"peak RSS: {r.tool.replace('policytrace ', '')}", r.input,
                   f"{r.rss:.0f} MB", f"≤ {budget:.0f} MB (3 × {largest[r.input]:.3g} + {lexicon_mb:.0f})", r.rss <= budget)
    target("tag tiny.txt (one line) wall time", "one line", f"{tiny_row.seconds * 1000:.1f} ms" if not tiny_row.error else "failed",
           "< 50 ms", tiny_row.seconds < 0.050 if not tiny_row.error else None)
    print()
    print("## Targets")
    print()
    print(table(["target", "input", "figure", "target", "met"], targets, "lllll"))
    print()
    print("peak RSS budget: 3 × the input's largest document (MB) + the compiled lexicon, taken as the peak RSS")
    print("of `policytrace tag tiny.txt` (the binary with the lexicon compiled and a one-line document).")
    print(f"tag tiny.txt: best of {max(a.runs, 5)} runs.")

    # Memory on one line holding millions of mentions (a figure, not a timed test).
    if dense_row:
        print()
        print("## Many mentions on one line (memory)")
        print()
        if dense_row.error:
            print(f"{dense_row.tool} on the dense line: FAILED {dense_row.error[:80]}")
        else:
            budget = 3 * dense_row.mb + (lexicon_mb or 0)
            print(f"{dense_row.tool}, one line of {dense_row.mb:.1f} MB with {dense_row.count:,} mentions "
                  f"(one every {dense_row.mb * MB / max(dense_row.count, 1):.0f} bytes): {dense_row.seconds:.2f} s, "
                  f"peak RSS {dense_row.rss:.0f} MB (budget 3 × {dense_row.mb:.0f} + {lexicon_mb or 0:.0f} = {budget:.0f} MB: "
                  f"{'met' if dense_row.rss <= budget else 'NOT met'})")
    met = sum(t[4] == "yes" for t in targets)
    print(f"targets met: {met} of {sum(t[4] != '-' for t in targets)}")

    # policytrace-bench's figures: tagging inside one process, not whole processes.
    print()
    print("## In-process diagnostic (not a whole-process figure)")
    print()
    if a.diagnostic:
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(a.diagnostic)))
        print(f"policytrace-bench: {a.diagnostic} (built {built}; its own 64 MB input; tags inside one process)")
        print()
        # Its own scratch folder (it builds its input under TMPDIR and removes it), so
        # that it cannot clash with another policytrace-bench running on the machine.
        scratch = os.path.join(a.work, "diagnostic-tmp")
        os.makedirs(scratch, exist_ok=True)
        t0 = time.perf_counter()
        proc = subprocess.run([a.diagnostic], cwd=a.repo, capture_output=True, text=True, env={**os.environ, "TMPDIR": scratch})
        elapsed = time.perf_counter() - t0
        shutil.rmtree(scratch, ignore_errors=True)
        for line in (proc.stdout + (proc.stderr if proc.returncode else "")).rstrip().splitlines():
            print("    " + line)
        if proc.returncode:
            print(f"    (policytrace-bench exited {proc.returncode})")
        print()
        print(f"(policytrace-bench took {elapsed:.0f} s)")
    else:
        print("skipped: no policytrace-bench binary (build it with `swift build -c release --product policytrace-bench`)")

    load1 = os.getloadavg()
    print()
    print(f"load average at the end {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    failed = [r for r in rows + [tiny_row] if r.error]
    if failed:
        for r in failed:
            print(f"FAILED: {r.tool} on {r.input}: {r.error}", file=sys.stderr)
        sys.exit(1)


def pkg_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
