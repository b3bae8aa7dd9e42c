#!/usr/bin/env python3
"""Checks a gold file: every line valid JSON; doc names a file of the folder; passage lines
[0, len]; spans inside the document with integer code-point offsets (end exclusive); text equal
to the document's characters there; concept a known ID of taxonomy.md.
Usage: check.py GOLD.jsonl FOLDER"""
import json, sys, os, re
gold, folder = sys.argv[1], sys.argv[2]
tax = open('/work/shared/spec/taxonomy.md', encoding='utf-8').read()
ids = set(re.findall(r'`([a-z_]+(?:\.[a-z_]+)?)`', tax))
docs = {f: open(os.path.join(folder, f), encoding='utf-8').read() for f in os.listdir(folder) if f.endswith('.txt')}
bad = 0; spans = 0; passages = set()
for n, line in enumerate(open(gold, encoding='utf-8'), 1):
    if not line.strip(): continue
    try: r = json.loads(line)
    except Exception as e: print(f'{gold}:{n}: not JSON: {e}'); bad += 1; continue
    d = r.get('doc')
    if d not in docs: print(f'{gold}:{n}: unknown doc {d!r}'); bad += 1; continue
    t = docs[d]
    if 'passage' in r and 'start' not in r:
        if r['passage'] != [0, len(t)]: print(f'{gold}:{n}: passage should be [0, {len(t)}]'); bad += 1
        passages.add(d); continue
    s, e, c = r.get('start'), r.get('end'), r.get('concept')
    if not (type(s) is int and type(e) is int and 0 <= s < e <= len(t)): print(f'{gold}:{n}: bad offsets {s}, {e} (doc length {len(t)})'); bad += 1; continue
    if c not in ids: print(f'{gold}:{n}: unknown concept {c!r}'); bad += 1
    if 'text' in r and t[s:e] != r['text']: print(f'{gold}:{n}: text {r["text"]!r} but the document has {t[s:e]!r} at [{s},{e}]'); bad += 1
    spans += 1
for d in docs:
    if d not in passages: print(f'{gold}: no passage line for {d}'); bad += 1
print(f'{spans} span lines, {len(passages)} passage lines, {bad} problems')
sys.exit(1 if bad else 0)
