# tests/console/mkfile.py — small real files for the viewer tests:
#   mkfile.py pdf TEXT...  a PDF of a page for each TEXT (pdftotext reads it)
#   mkfile.py png       a 16x16 RGB checkerboard PNG (chafa draws it)
import sys, zlib, struct
def pdf(*texts):
    # 1 catalog, 2 pages, 3 font, then each page and its contents.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(texts)))
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % len(texts),
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    for i, text in enumerate(texts):
        stream = b"BT /F1 14 Tf 20 150 Td (" + text.encode() + b") Tj ET"
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents %d 0 R/Resources<</Font<</F1 3 0 R>>>>>>" % (5 + 2 * i))
        objs.append(b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream")
    out = b"%PDF-1.4\n"; offs = []
    for i, o in enumerate(objs):
        offs.append(len(out)); out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs: out += b"%010d 00000 n \n" % o
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return out
def png(w, h):
    raw = b"".join(b"\0" + b"".join(bytes([255 if (x // 4 + y // 4) % 2 else 0, 80, 0]) for x in range(w)) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
sys.stdout.buffer.write(pdf(*sys.argv[2:]) if sys.argv[1] == "pdf" else png(16, 16))
