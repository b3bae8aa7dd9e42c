#!/usr/bin/env python3
"""Builds a large corpus by replicating the default one (Corpus/).

Up to three parts, sizes in MB (the full-size benchmark is --files-mb 1024
--jsonl-mb 1024: about 300,000 files of ~3.5 KB plus one 1 GB JSON Lines file):
  files/YEAR/*.txt  every work report cut into ~3.5 KB pieces at paragraph
                    ends, each piece a text file whose first line is the
                    report's title (so its year comes from the title)
  big.jsonl         the 72 records repeated
  big.csv           the 72 records repeated as CSV (title, year, content:
                    quoted, with the reports' line breaks inside the cells)
plus the corpus's policytrace.yaml, issuer table and chronology table.
"""
import argparse
import json
import os
import shutil


def pieces(text, size):
    out, cur = [], ""
    for para in text.split("\n"):
        if len(cur.encode()) + len(para.encode()) > size and cur:
            out.append(cur)
            cur = ""
        cur += para + "\n"
    if cur.strip():
        out.append(cur)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", default="Corpus")
    p.add_argument("--out", required=True)
    p.add_argument("--files-mb", type=float, default=128)
    p.add_argument("--jsonl-mb", type=float, default=128)
    p.add_argument("--csv-mb", type=float, default=0)
    p.add_argument("--piece-bytes", type=int, default=3500)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name in os.listdir(a.source):
        if not name.endswith(".jsonl") and not name.startswith("README"):
            shutil.copy(os.path.join(a.source, name), a.out)
    lines = [l for name in sorted(os.listdir(a.source)) if name.endswith(".jsonl")
             for l in open(os.path.join(a.source, name), encoding="utf-8") if l.strip()]
    records = [json.loads(l) for l in lines]

    budget, written, copy, files = a.files_mb * 2**20, 0, 0, 0
    while written < budget:
        for i, r in enumerate(records):
            for k, piece in enumerate(pieces(r.get("content") or "", a.piece_bytes)):
                if written >= budget:
                    break
                folder = os.path.join(a.out, "files", str(r.get("year") or "undated"))
                os.makedirs(folder, exist_ok=True)
                data = (r.get("title") or "") + "\n" + piece
                with open(os.path.join(folder, f"{copy:04d}_{i:02d}_{k:03d}.txt"), "w", encoding="utf-8") as f:
                    f.write(data)
                written += len(data.encode())
                files += 1
        copy += 1

    budget, jsonl = a.jsonl_mb * 2**20, 0
    if budget > 0:
        with open(os.path.join(a.out, "big.jsonl"), "w", encoding="utf-8") as f:
            while jsonl < budget:
                for l in lines:
                    f.write(l if l.endswith("\n") else l + "\n")
                    jsonl += len(l.encode())
                    if jsonl >= budget:
                        break
    budget, csv = a.csv_mb * 2**20, 0
    if budget > 0:
        def cell(v):
            return '"' + str(v if v is not None else "").replace('"', '""') + '"'
        with open(os.path.join(a.out, "big.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("title,year,content\n")
            while csv < budget:
                for r in records:
                    row = ",".join(cell(r.get(k)) for k in ("title", "year", "content")) + "\n"
                    f.write(row)
                    csv += len(row.encode())
                    if csv >= budget:
                        break
    print(f"{a.out}: {files} text files ({written / 2**20:.0f} MB), big.jsonl {jsonl / 2**20:.0f} MB, big.csv {csv / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
