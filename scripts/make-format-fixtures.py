#!/usr/bin/env python3
"""Makes the binary-format fixtures of Tests/PolicyTraceIngestTests/Fixtures/formats
from real public-domain text: section (五) of the 2014 government work report
(Corpus/government_work_reports.jsonl) and three rows of Table 1
(Corpus/table1_chronology.txt).

    scripts/make-format-fixtures.py [OUT_DIR]

Writes report.txt (the reference text), report.pdf (printed by headless
Chromium with fonts-noto-cjk: A5 pages, hard-wrapped lines, a running header
and page numbers), report.docx, report.odt and report.ofd (written here with
zipfile, the same text; DOCX and ODT put one paragraph in a footnote and the
English rows in a table), scan.pdf (a page of the report as an image only),
notice.pdf (one paragraph on one page), broken.pdf, encrypted.pdf (the notice,
with qpdf when installed) formats.zip and formats.tar.gz
(archives of some of them). Needs python3, chromium; qpdf optional.
"""
import gzip
import html
import io
import json
import tarfile
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests/PolicyTraceIngestTests/Fixtures/formats")
TITLE = "2014年政府工作报告（节选）"
CREATED = "2014-03-05T09:00:00Z"
HEADER = "政府工作报告（2014年）"


def source_text():
    """The Chinese paragraphs of section (五) and the English Table 1 rows."""
    with open(os.path.join(ROOT, "Corpus/government_work_reports.jsonl"), encoding="utf-8") as f:
        report = next(r for r in map(json.loads, f) if r["title"] == "2014年中华人民共和国国务院政府工作报告")
    text = report["content"]
    start = text.index("（五）推进以人为核心的新型城镇化。")
    end = text.index("（六）以创新支撑")
    zh = [p.strip() for p in text[start:end].split("\n") if p.strip()]
    with open(os.path.join(ROOT, "Corpus/table1_chronology.txt"), encoding="utf-8") as f:
        rows = [line.split("\t")[0].strip() for line in f if line.startswith(("\"Urban Community", "MCA's"))]
    return zh, rows[:3]


ZH, EN = source_text()
HEADING, BODY = ZH[0], ZH[1:]
# DOCX and ODT carry this paragraph as a footnote of the first one.
NOTE = BODY[2]
MAIN = [p for p in BODY if p is not NOTE]


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def zip_write(name, members, stored_first=None):
    """A zip with fixed timestamps, so the bytes are the same on every run."""
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w") as z:
        for member, data in members:
            info = zipfile.ZipInfo(member, date_time=(2014, 3, 5, 9, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if member == stored_first else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def esc(s):
    return html.escape(s, quote=True)


def txt():
    write("report.txt", "\n\n".join([TITLE, HEADING] + BODY + EN) + "\n")


def report_html(paragraphs_zh, paragraphs_en):
    ps = "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs_zh)
    en = "".join(f'<p lang="en" class="en">{esc(p)}</p>\n' for p in paragraphs_en)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(TITLE)}</title>
<style>
@page {{ size: A5; margin: 22mm 16mm 20mm 16mm;
  @top-center {{ content: "{HEADER}"; font: 9pt 'Noto Serif CJK SC'; }}
  @bottom-center {{ content: "- " counter(page) " -"; font: 9pt 'Noto Serif CJK SC'; }} }}
body {{ font: 12pt/1.9 'Noto Serif CJK SC'; margin: 0; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 4mm; }}
h2 {{ font-size: 12pt; margin: 3mm 0; }}
p {{ text-indent: 2em; text-align: justify; margin: 0; }}
p.en {{ font-family: 'Noto Serif CJK SC'; text-align: left; margin-top: 2mm; }}
</style></head><body>
<h1>{esc(TITLE)}</h1>
<h2>{esc(HEADING)}</h2>
{ps}{en}</body></html>"""


def chromium(args):
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        sys.exit("make-format-fixtures: needs chromium (apt-get install chromium fonts-noto-cjk)")
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--run-all-compositor-stages-before-draw"] + args,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pdfs(tmp):
    page = os.path.join(tmp, "report.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(report_html(BODY, EN))
    chromium([f"--print-to-pdf={os.path.join(OUT, 'report.pdf')}", "file://" + page])
    # A one-page notice (one paragraph): the archive's PDF and the encrypted one.
    notice = os.path.join(tmp, "notice.html")
    with open(notice, "w", encoding="utf-8") as f:
        f.write(report_html([BODY[1]], []).replace(f"<h2>{esc(HEADING)}</h2>", ""))
    chromium([f"--print-to-pdf={os.path.join(OUT, 'notice.pdf')}", "file://" + notice])
    # The scan: the notice as a picture, printed as an image-only PDF.
    png = os.path.join(tmp, "page.png")
    chromium([f"--screenshot={png}", "--window-size=560,400", "file://" + notice])
    image = os.path.join(tmp, "scan.html")
    with open(image, "w", encoding="utf-8") as f:
        f.write('<!doctype html><html><head><style>@page { size: A5; margin: 0 } body { margin: 0 }'
                ' img { width: 148mm; }</style></head><body><img src="page.png"></body></html>')
    chromium([f"--print-to-pdf={os.path.join(OUT, 'scan.pdf')}", "file://" + image])
    # Broken: a PDF header, then the middle of the real file cut out of context.
    with open(os.path.join(OUT, "report.pdf"), "rb") as f:
        data = f.read()
    write("broken.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + data[len(data) // 2: len(data) // 2 + 4096])
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--encrypt", "secret", "secret", "256", "--", os.path.join(OUT, "notice.pdf"),
                        os.path.join(OUT, "encrypted.pdf")], check=True)
    else:
        print("make-format-fixtures: qpdf not installed, encrypted.pdf not remade", file=sys.stderr)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx():
    def p(text, style=None, note=None):
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        ref = f'<w:r><w:footnoteReference w:id="{note}"/></w:r>' if note else ""
        # Two runs per paragraph, as Word writes after an edit.
        half = len(text) // 2
        return (f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{esc(text[:half])}</w:t></w:r>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{esc(text[half:])}</w:t></w:r>{ref}</w:p>')
    rows = "".join(f'<w:tr><w:tc><w:p><w:r><w:t>{esc(r)}</w:t></w:r></w:p></w:tc></w:tr>' for r in EN)
    body = (p(TITLE, "Title") + p(HEADING, "Heading1") + p(MAIN[0], note=1) + "".join(p(x) for x in MAIN[1:])
            + f"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>{rows}</w:tbl><w:sectPr/>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}</w:body></w:document>'
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W}>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 f'<w:footnote w:id="1"><w:p><w:r><w:t>{esc(NOTE)}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{esc(TITLE)}</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">{CREATED}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{CREATED}</dcterms:modified></cp:coreProperties>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
    docrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    return zip_write("report.docx", [("[Content_Types].xml", types), ("_rels/.rels", rels), ("docProps/core.xml", core),
                                     ("word/document.xml", document), ("word/_rels/document.xml.rels", docrels),
                                     ("word/footnotes.xml", footnotes)])


def odt():
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"')
    note = (f'<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            f'<text:note-body><text:p>{esc(NOTE)}</text:p></text:note-body></text:note>')
    # The first paragraph keeps its two ideographic spaces as <text:s/> would not: ODF
    # writes runs of spaces as text:s; one appears here between the heading's words.
    paras = [f'<text:p>{esc(MAIN[0])}{note}</text:p>'] + [f'<text:p><text:span>{esc(x)}</text:span></text:p>' for x in MAIN[1:]]
    rows = "".join(f'<table:table-row><table:table-cell><text:p>{esc(r)}</text:p></table:table-cell></table:table-row>' for r in EN)
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns}><office:body><office:text>'
               '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>'
               f'<text:h text:outline-level="1">{esc(TITLE)}</text:h><text:h text:outline-level="2">{esc(HEADING)}</text:h>'
               + "".join(paras)
               + f'<table:table table:name="Table1"><table:table-column/>{rows}</table:table>'
               '</office:text></office:body></office:document-content>')
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ns}><office:meta>'
            f'<dc:title>{esc(TITLE)}</dc:title><meta:creation-date>{CREATED[:-1]}</meta:creation-date>'
            f'<dc:date>{CREATED[:-1]}</dc:date></office:meta></office:document-meta>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    return zip_write("report.odt", [("mimetype", "application/vnd.oasis.opendocument.text"), ("META-INF/manifest.xml", manifest),
                                    ("content.xml", content), ("meta.xml", meta)], stored_first="mimetype")


def ofd():
    """A4 pages (mm), 12-point text (4.2 mm), 36 ideographs a line, 28 lines a page,
    a running header and a page number on every page."""
    size, width, left, top, pitch, per_page = 4.2, 151.2, 29.4, 35.0, 7.6, 28
    lines = []  # (indent in characters, text, CJK?)

    def wrap_zh(p, first_indent=2):
        chars, n, first = list(p), 36, True
        while chars:
            take = n - (first_indent if first else 0)
            lines.append((first_indent if first else 0, "".join(chars[:take]), True))
            chars, first = chars[take:], False

    def wrap_en(p):
        # 72 half-width characters a line, the first line indented by two ems.
        words, line, indent = p.split(" "), "", 2
        for w in words:
            if line and len(line) + 1 + len(w) > 72 - 2 * indent:
                lines.append((indent, line, False))
                line, indent = w, 0
            else:
                line = f"{line} {w}" if line else w
        lines.append((indent, line, False))

    lines.append((8, TITLE, True))
    lines.append((0, HEADING, True))
    for p in BODY:
        wrap_zh(p)
    for p in EN:
        wrap_en(p)
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    ofd_ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    oid = [100]

    def next_id():
        oid[0] += 1
        return oid[0]

    def text_object(x, y, text, cjk):
        w = len(text) * size if cjk else len(text) * size * 0.5
        deltas = f' DeltaX="g {len(text) - 1} {size if cjk else size * 0.5:.2f}"' if len(text) > 1 else ""
        return (f'<ofd:TextObject ID="{next_id()}" Boundary="{x:.2f} {y:.2f} {w:.2f} {size * 1.4:.2f}" Font="3" Size="{size}">'
                f'<ofd:TextCode X="0" Y="{size:.2f}"{deltas}>{esc(text)}</ofd:TextCode></ofd:TextObject>')

    members = []
    page_refs = []
    for n, page in enumerate(pages):
        objs = [text_object(left + 4 * size, 15.0, HEADER, True)]
        for i, (indent, text, cjk) in enumerate(page):
            x, y = left + indent * size, top + i * pitch
            if cjk and len(text) > 12 and i % 3 == 0:
                # Some lines in two text objects, as OFD writers split runs.
                objs.append(text_object(x, y, text[:12], True))
                objs.append(text_object(x + 12 * size, y, text[12:], True))
            else:
                objs.append(text_object(x, y, text, cjk))
        objs.append(text_object(left + width / 2 - size, 280.0, f"- {n + 1} -", False))
        content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {ofd_ns}><ofd:Content>'
                   f'<ofd:Layer ID="{next_id()}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
        members.append((f"Doc_0/Pages/Page_{n}/Content.xml", content))
        page_refs.append(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    document = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {ofd_ns}><ofd:CommonData>'
                f'<ofd:MaxUnitID>{oid[0] + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                f'<ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    public = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {ofd_ns} BaseLoc="Res"><ofd:Fonts>'
              '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    root = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {ofd_ns} Version="1.0" DocType="OFD"><ofd:DocBody>'
            f'<ofd:DocInfo><ofd:DocID>5f0c2a4e9b7d4c1aa3e1d2f4b6c8e0a1</ofd:DocID><ofd:Title>{esc(TITLE)}</ofd:Title>'
            f'<ofd:CreationDate>{CREATED[:10]}</ofd:CreationDate></ofd:DocInfo>'
            '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    zip_write("report.ofd", [("OFD.xml", root), ("Doc_0/Document.xml", document), ("Doc_0/PublicRes.xml", public)] + members)


def archive():
    members = []
    for name, inner in [("notice.pdf", "notices/2014-notice.pdf"), ("report.docx", "notices/2014-report.docx"),
                        ("broken.pdf", "broken.pdf")]:
        with open(os.path.join(OUT, name), "rb") as f:
            members.append((inner, f.read()))
    zip_write("formats.zip", members)
    # The same as a .tar.gz, with a folder entry, fixed times and owners, and
    # one name longer than tar's 100 bytes.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        def add(name, data=None):
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 1394010000, 0, 0, "", ""
            if data is None:
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        add("notices")
        long = "notices/" + "国务院关于进一步推进户籍制度改革的意见" * 3 + ".odt"
        with open(os.path.join(OUT, "report.odt"), "rb") as f:
            add(long, f.read())
        for inner, data in members:
            add(inner, data)
    with open(os.path.join(OUT, "formats.tar.gz"), "wb") as f:
        f.write(gzip.compress(buf.getvalue(), mtime=0))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    txt()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs(tmp)
    docx()
    odt()
    ofd()
    archive()
    print(f"make-format-fixtures: wrote {', '.join(sorted(os.listdir(OUT)))} in {OUT}")
