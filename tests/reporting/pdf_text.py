"""The text of a PDF the product drew, for tests: no PDF text tool is installed here, so this reads
matplotlib's own output. Its text is kept as text (Type 42 fonts, pdf.fonttype 42): two-byte glyph
codes that each font's ToUnicode map turns back into characters (ligatures such as "fi" included),
in deflated content streams, one per page."""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
TOKENS = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj|(ET)", re.S)
STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(raw):
    out, index = bytearray(), 0
    while index < len(raw):
        if raw[index : index + 1] == b"\\":
            octal = re.match(rb"[0-7]{1,3}", raw[index + 1 : index + 4])
            if octal:
                out.append(int(octal.group(), 8))
                index += 1 + len(octal.group())
                continue
            following = raw[index + 1 : index + 2]
            out += ESCAPES.get(following, following)
            index += 2
            continue
        out += raw[index : index + 1]
        index += 1
    return bytes(out)


def _stream(body):
    match = STREAM.search(body)
    if not match:
        return None
    try:
        return zlib.decompress(match.group(1))
    except zlib.error:
        return match.group(1)


def _unicode(hex_text):
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be")


def _to_unicode(cmap):
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = _unicode(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)", block
        ):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, text in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", target)):
                    mapping[low + offset] = _unicode(text)
            else:
                start = _unicode(target[1:-1])
                for offset in range(high - low + 1):
                    mapping[low + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping


def pages_text(pdf_bytes):
    """One string per page's content stream, a line per piece of text."""
    objects = {int(number): body for number, body in OBJECT.findall(pdf_bytes)}
    fonts = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            font = objects.get(int(number), b"")
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if to_unicode:
                fonts[name] = _to_unicode(_stream(objects[int(to_unicode.group(1))]) or b"")
    pages = []
    for body in objects.values():
        content = _stream(body)
        if not content or b"BT" not in content or b"Tf" not in content:
            continue
        lines, current, font = [], "", {}
        for token in TOKENS.finditer(content):
            if token.group(1):
                font = fonts.get(token.group(1), {})
            elif token.group(4):
                lines.append(current)
                current = ""
            else:
                source = token.group(2) if token.group(2) is not None else token.group(3)
                raw = b"".join(_unescape(part) for part in STRING.findall(source))
                codes = [int.from_bytes(raw[index : index + 2], "big") for index in range(0, len(raw) - 1, 2)]
                current += "".join(font.get(code, chr(code)) for code in codes)
        if lines:
            pages.append("\n".join(lines))
    return pages
