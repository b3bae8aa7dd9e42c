#!/usr/bin/env python3
"""Turns the reading notes (*.ann) into gold JSON Lines (docs/EVALUATION.md format).

Usage (from the repository root): python3 Tests/Gold/pool/build_gold.py
Each block "= FILE" names a passage file in Tests/Gold/pool/<lang>/dev/; each line
"phrase | concept, concept [| skip=1,3] [| only=2]" marks every occurrence of the phrase
(case-sensitive, counted from 1) with those concepts. A phrase lying inside a longer phrase's
occurrence is dropped when the two share a family (the longer one names it) and kept when
they do not (a migrants term inside a rights phrase is still a migrants mention).
Writes <lang>_dev.jsonl beside this script: one passage line per file (the whole file) and
one line per span and concept.
"""
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
def family(c): return c.split('.')[0]
def build(lang):
    ann = os.path.join(here, f'{lang}_dev.ann')
    blocks, cur = {}, None
    for n, line in enumerate(open(ann, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'): continue
        if line.startswith('= '):
            cur = line[2:].strip(); blocks.setdefault(cur, []); continue
        parts = [p.strip() for p in line.split(' | ')]
        phrase, concepts = parts[0], [c.strip() for c in parts[1].split(',')]
        opts = dict(p.split('=', 1) for p in parts[2:])
        blocks[cur].append((phrase, concepts, opts, n))
    out = []
    folder = os.path.join(here, lang, 'dev')
    files = sorted(f for f in os.listdir(folder) if f.endswith('.txt'))
    missing = [f for f in files if f not in blocks]
    for f in missing: blocks[f] = []          # read, nothing there
    for f in files:
        text = open(os.path.join(folder, f), encoding='utf-8').read()
        doc = f[:-4] if False else f
        out.append({"doc": doc, "passage": [0, len(text)]})
        spans = []
        for phrase, concepts, opts, n in blocks[f]:
            occ, i = [], text.find(phrase)
            while i >= 0:
                occ.append(i); i = text.find(phrase, i + len(phrase))
            if not occ: sys.exit(f'{ann}:{n}: `{phrase}` not found in {f}')
            keep = set(range(1, len(occ) + 1))
            if 'only' in opts: keep = {int(k) for k in opts['only'].split(',')}
            if 'skip' in opts: keep -= {int(k) for k in opts['skip'].split(',')}
            for k, s in enumerate(occ, 1):
                if k in keep: spans.append((s, s + len(phrase), concepts, phrase))
        spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        kept = []
        for s, e, cs, ph in spans:
            fam = {family(c) for c in cs}
            if any(ks <= s and e <= ke and (ks, ke) != (s, e) and fam & {family(c) for c in kcs} for ks, ke, kcs, _ in kept):
                continue
            if any((ks, ke) == (s, e) for ks, ke, _, _ in kept): continue
            kept.append((s, e, cs, ph))
        for s, e, cs, ph in kept:
            for c in cs:
                out.append({"doc": doc, "start": s, "end": e, "concept": c, "text": ph})
    with open(os.path.join(here, f'{lang}_dev.jsonl'), 'w', encoding='utf-8') as w:
        for o in out: w.write(json.dumps(o, ensure_ascii=False) + '\n')
    print(lang, len(files), 'files', sum(1 for o in out if 'concept' in o), 'gold lines')
for lang in sys.argv[1:] or ['zh-hans', 'zh-hant', 'en']:
    if os.path.exists(os.path.join(here, f'{lang}_dev.ann')): build(lang)
