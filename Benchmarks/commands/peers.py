#!/usr/bin/env python3
"""Peer counters for the command benchmark: count every occurrence of the
terms (fixed strings, case-insensitively) in files, as a whole process.

  peers.py aho TERMS PATH...   pyahocorasick over the lowercased terms, on the
                               lowercased text of each file
  peers.py hs  TERMS PATH...   hyperscan, the terms as caseless literals, on
                               the bytes of each file

A PATH is a file or a folder (its files, recursively, in name order). A
*.jsonl file is read line by line and only each record's `text` field is
scanned, as PolicyTrace does. Prints the number of matches.
"""
import json
import os
import sys


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    yield os.path.join(folder, name)
        elif os.path.isfile(path):
            yield path
        else:
            sys.exit(f"peers.py: no such file or folder: {path}")


def texts(paths):
    """Each file's text, or each record's text field of a JSON Lines file."""
    for path in files(paths):
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        yield json.loads(line).get("text") or ""
        else:
            with open(path, "rb") as f:
                yield f.read().decode("utf-8", errors="replace")


def count_aho(terms, paths):
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for t in terms:
        automaton.add_word(t, 0)
    automaton.make_automaton()
    n = 0
    for text in texts(paths):
        for _ in automaton.iter(text.lower()):
            n += 1
    return n


def count_hs(terms, paths):
    import hyperscan
    # The literal compiler accepts HS_FLAG_CASELESS but not HS_FLAG_UTF8
    # (it works on bytes); caseless folds ASCII letters, which is all the
    # case the terms have.
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    patterns = [t.encode("utf-8") for t in terms]
    db.compile(expressions=patterns, ids=list(range(len(patterns))), elements=len(patterns),
               flags=hyperscan.HS_FLAG_CASELESS, literal=True)
    count = [0]

    def on_match(pattern, start, end, flags, context):
        count[0] += 1

    scratch = hyperscan.Scratch(db)
    for path in files(paths):
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        db.scan((json.loads(line).get("text") or "").encode("utf-8"),
                                match_event_handler=on_match, scratch=scratch)
        else:
            with open(path, "rb") as f:
                db.scan(f.read(), match_event_handler=on_match, scratch=scratch)
    return count[0]


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("aho", "hs"):
        sys.exit("usage: peers.py aho|hs TERMS PATH...")
    with open(sys.argv[2], encoding="utf-8") as f:
        # Case-insensitive: terms equal but for case are one term.
        terms = sorted({t.lower() for t in f.read().split("\n") if t})
    if not terms:
        sys.exit(f"peers.py: no terms in {sys.argv[2]}")
    count = count_aho if sys.argv[1] == "aho" else count_hs
    print(count(terms, sys.argv[3:]))


if __name__ == "__main__":
    main()
