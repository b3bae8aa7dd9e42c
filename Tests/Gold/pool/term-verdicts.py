#!/usr/bin/env python3
"""How consistently the readers of the scored pool sets judged each term the lexicon matches.

Tags every scored set (Tests/Gold/pool*/<lang>/<half>) with
LEXICON (default Lexicons) and, for each (language, term, family), counts the predictions a
reader counted (a gold span of that family overlaps) and those the reader did not, and in how
many sets each verdict occurs. Terms with at least MIN (default 4) of each verdict are printed
as TSV; the totals go to stderr. A term counted in one set and not in another costs any fixed
lexicon decision the smaller of its two counts.

Usage (from the repository root, after a release build; POLICYTRACE overrides the binary):
  Tests/Gold/pool/term-verdicts.py [LEXICON] [MIN]
"""
import collections, json, os, subprocess, sys, tempfile

lexicon = sys.argv[1] if len(sys.argv) > 1 else "Lexicons"
minimum = int(sys.argv[2]) if len(sys.argv) > 2 else 4
binary = os.environ.get("POLICYTRACE", ".build/release/policytrace")
SETS = [("pool", "dev"), ("pool", "test"), ("pool2", "test2"), ("pool2", "reserve"), ("pool3", "test3"),
        ("pool3", "reserve3"), ("pool4", "test4"), ("pool4", "reserve4"), ("pool5", "test5"),
        ("pool5", "reserve5"), ("pool6", "test6"), ("pool6", "reserve6"), ("pool7", "test7"), ("pool7", "reserve7"), ("pool8", "test8")]

# (language, term, family) -> [counted, not counted, sets counted, sets not]
stat = collections.defaultdict(lambda: [0, 0, set(), set()])
with tempfile.TemporaryDirectory() as scratch:
    for pool, half in SETS:
        for lang in ["zh-hans", "zh-hant", "en"]:
            gold_file, texts = f"Tests/Gold/{pool}/{lang}_{half}.jsonl", f"Tests/Gold/{pool}/{lang}/{half}"
            if not os.path.exists(gold_file):
                continue
            gold, passages = collections.defaultdict(list), collections.defaultdict(list)
            for line in open(gold_file, encoding="utf-8"):
                o = json.loads(line)
                if "passage" in o:
                    passages[o["doc"]].append(o["passage"])
                else:
                    gold[o["doc"]].append((o["start"], o["end"], o["concept"].split(".")[0]))
            out = os.path.join(scratch, f"{pool}_{half}_{lang}.jsonl")
            subprocess.run([binary, "tag", texts, "-o", out, "--lexicon", lexicon], check=True, capture_output=True)
            for line in open(out, encoding="utf-8"):
                m = json.loads(line)
                doc = os.path.basename(m["doc"])
                if not any(a <= m["start"] < b for a, b in passages.get(doc, [])):
                    continue
                for family in sorted({c.split(".")[0] for c in m["concepts"]}):
                    counted = any(s < m["end"] and m["start"] < e and f == family for s, e, f in gold[doc])
                    st = stat[(lang, m["term"], family)]
                    st[0 if counted else 1] += 1
                    st[2 if counted else 3].add(f"{pool}/{half}")

print("lang\tterm\tfamily\tcounted\tnot\tsets_counted\tsets_not")
for (lang, term, family), (a, b, sa, sb) in sorted(stat.items(), key=lambda kv: -min(kv[1][0], kv[1][1])):
    if min(a, b) >= minimum:
        print(f"{lang}\t{term}\t{family}\t{a}\t{b}\t{len(sa)}\t{len(sb)}")
total = sum(a + b for a, b, _, _ in stat.values())
minority = sum(min(a, b) for a, b, _, _ in stat.values())
print(f"{total} predictions (mention, family); {minority} ({minority / total:.1%}) are the minority verdict of their term", file=sys.stderr)
