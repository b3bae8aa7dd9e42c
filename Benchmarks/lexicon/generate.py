#!/usr/bin/env python3
"""Writes a PolicyTrace lexicon of N distinct Chinese terms for the lexicon
benchmark: character n-grams of 2 to 6 ideographs from the default corpus's
work reports, so that many terms contain others (the case the validator's
contained-term check is about), 1,000 terms per concept."""
import argparse, json, os

ap = argparse.ArgumentParser()
ap.add_argument("--terms", type=int, default=100_000)
ap.add_argument("--out", required=True)
args = ap.parse_args()
root = os.path.join(os.path.dirname(__file__), "..", "..")
text = ""
with open(os.path.join(root, "Corpus", "government_work_reports.jsonl"), encoding="utf-8") as f:
    for line in f:
        text += "".join(c for c in json.loads(line)["content"] if "\u4e00" <= c <= "\u9fff")
terms, seen, offset = [], set(), 0
while len(terms) < args.terms:
    # Every 7th position, n-grams of 2, 3, 4, 5, 6 ideographs in turn; the
    # next pass starts one character later.
    for k, i in enumerate(range(offset, len(text) - 6, 7)):
        gram = text[i:i + 2 + k % 5]
        if gram not in seen:
            seen.add(gram)
            terms.append(gram)
            if len(terms) == args.terms:
                break
    offset += 1
with open(args.out, "w", encoding="utf-8") as f:
    f.write("concepts:\n  - id: big\n")
    for c in range(0, len(terms), 1000):
        f.write(f"  - id: big.c{c // 1000}\n    terms:\n      zh:\n")
        f.writelines(f"        - {t}\n" for t in terms[c:c + 1000])
