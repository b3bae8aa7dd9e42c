#!/usr/bin/env python3
"""Makes the archives of Tests/PolicyTraceIngestTests/Fixtures/names, whose
member names are not UTF-8, as zips made on Windows in China hold them: GBK
(cp936) bytes with the zip's UTF-8 flag (general purpose bit 11) cleared.
Their members hold real text: the opening of the 2014 government work
report's section (五) (Corpus/government_work_reports.jsonl) and the 2024 NPC
resolution on the work report.

    scripts/make-name-fixtures.py [OUT_DIR]

Writes gbk-names.zip with
  - 2014年政府工作报告（节选）.txt   GBK name, no UTF-8 flag
  - 通知/2024年决议.txt               GBK folder and name
  - R<0x82>sum<0x82>.txt              CP437 (the zip default), not GB18030
  - english.txt                        ASCII
and gbk-names.tar.gz with the first two, their names as GBK bytes (the
second under a GBK folder name over 100 bytes, so a GNU long-name record).
Member times are fixed so the files are the same on every run.
"""
import io
import json
import os
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests/PolicyTraceIngestTests/Fixtures/names")


def records():
    with open(os.path.join(ROOT, "Corpus/government_work_reports.jsonl"), encoding="utf-8") as f:
        return list(map(json.loads, f))


def texts():
    rs = records()
    report = next(r for r in rs if r["title"] == "2014年中华人民共和国国务院政府工作报告")["content"]
    start = report.index("（五）推进以人为核心的新型城镇化。")
    excerpt = "\n".join([p.strip() for p in report[start:].split("\n") if p.strip()][:2])
    resolution = next(r for r in rs if r["title"].startswith("第十四届全国人民代表大会第二次会议关于政府工作报告的决议"))
    return ("2014年政府工作报告（节选）\n" + excerpt.strip() + "\n",
            resolution["title"] + "\n" + resolution["content"].strip() + "\n")


class RawName(zipfile.ZipInfo):
    """A member whose name is written as the given bytes, UTF-8 flag cleared."""

    def __init__(self, raw):
        super().__init__(raw.decode("cp437"), date_time=(2024, 3, 11, 9, 0, 0))
        self.raw = raw
        self.compress_type = zipfile.ZIP_DEFLATED

    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits & ~0x800


def main():
    os.makedirs(OUT, exist_ok=True)
    report, resolution = texts()
    members = [
        ("2014年政府工作报告（节选）.txt".encode("cp936"), report),
        ("通知/2024年决议.txt".encode("cp936"), resolution),
        (b"R\x82sum\x82.txt", "Résumé: " + report.splitlines()[1][:40] + "\n"),
        (b"english.txt", "Urban Community Service Pilot Programme\n"),
    ]
    with zipfile.ZipFile(os.path.join(OUT, "gbk-names.zip"), "w") as z:
        for raw, text in members:
            z.writestr(RawName(raw), text.encode("utf-8"))

    long_folder = "关于进一步做好为农民工服务工作的意见和流动人口居住证制度的实施办法汇编（二〇二四年）"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="cp936") as t:
        for name, text in [("2014年政府工作报告（节选）.txt", report), (long_folder + "/2024年决议.txt", resolution)]:
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1710147600
            info.uname = info.gname = "policytrace"
            t.addfile(info, io.BytesIO(data))
    import gzip
    with open(os.path.join(OUT, "gbk-names.tar.gz"), "wb") as f:
        f.write(gzip.compress(buffer.getvalue(), mtime=0))


main()
