"""Which encoding a text file was saved in, decided before its first row is read.

Detected: a BOM (UTF-8, UTF-32, UTF-16: UTF-32's little-endian BOM begins as UTF-16's),
else UTF-16 when every other byte is NUL, else strict
UTF-8 over the whole file, else GB18030 (a superset of GBK, as Excel saves CSV on Chinese
Windows) with Windows' € at 0x80. Named by the user (``--encoding``): the file must decode
in it, and a UTF-8 file named as GBK is refused (its bytes would decode, as nonsense).
See shared/reference/import-formats.md §3.
"""

from __future__ import annotations

import codecs
import io
from typing import IO

from crm_cli.store.core.errors import InvalidInput

CHUNK = 1 << 20  # bytes read at a time while checking an encoding
GB_FAMILY = ("gb18030", "gbk", "gb2312", "cp936", "hz")
EURO = "crm-cp936-euro"


def text_of(stream: IO[bytes], name: str, encoding: str | None = None) -> IO[str]:
    """The stream as text in the encoding it was saved in (see the module docstring)."""
    if encoding is not None:
        return _as_given(stream, name, encoding)
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif (wide := _nul_order(head)) is not None:
        encoding = wide
    else:
        encoding = "utf-8" if _bad_byte(stream, "utf-8") is None else "gb18030"
        if encoding == "gb18030" and _bad_byte(stream, encoding) is not None:
            raise InvalidInput(
                "cannot read {name!r}: the text is neither UTF-8 nor GBK/GB18030", name=name
            )
    if encoding != "gb18030" and (at := _bad_byte(stream, encoding)) is not None:
        raise InvalidInput(
            "cannot read {name!r}: invalid {value} at byte {at}",
            name=name,
            value=encoding.split("-sig")[0],
            at=at,
        )
    return io.TextIOWrapper(stream, encoding=encoding, errors=_errors(encoding), newline="")


def _as_given(stream: IO[bytes], name: str, encoding: str) -> IO[str]:
    """The stream in the encoding the user named: refused where it does not decode, and a
    UTF-8 file named as GBK (whose bytes would decode, as nonsense)."""
    try:
        canonical = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidInput(
            "unknown encoding {encoding!r}; try utf-8, gbk or utf-16", encoding=encoding
        ) from None
    head = stream.read(3)
    stream.seek(0)
    if canonical == "utf-8" and head == b"\xef\xbb\xbf":
        canonical = "utf-8-sig"
    if canonical in GB_FAMILY and _bad_byte(stream, "utf-8") is None and not _ascii(stream):
        raise InvalidInput(
            "cannot read {name!r} as {encoding}: the file is UTF-8 (leave out --encoding)",
            name=name,
            encoding=encoding,
        )
    if (at := _bad_byte(stream, canonical)) is not None:
        hint = " (is it GBK? try --encoding gbk)" if canonical.startswith("utf-8") else ""
        raise InvalidInput(
            "cannot read {name!r}: invalid {encoding} at byte {at}{hint}",
            name=name,
            encoding=encoding,
            at=at,
            hint=hint,
        )
    return io.TextIOWrapper(stream, encoding=canonical, errors=_errors(canonical), newline="")


def _nul_order(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text has a NUL in every other byte."""
    if len(head) < 8:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > len(head) // 4 and even == 0:
        return "utf-16-le"
    if even > len(head) // 4 and odd == 0:
        return "utf-16-be"
    return None


def _ascii(stream: IO[bytes]) -> bool:
    try:
        while chunk := stream.read(CHUNK):
            if not chunk.isascii():
                return False
        return True
    finally:
        stream.seek(0)


def _euro(exc: UnicodeError) -> tuple[str, int]:
    """Windows' code page 936 writes € as the single byte 0x80, which GB18030 refuses."""
    if isinstance(exc, UnicodeDecodeError) and exc.object[exc.start] == 0x80:
        return "€", exc.start + 1
    raise exc


codecs.register_error(EURO, _euro)


def _errors(encoding: str) -> str:
    return EURO if encoding in GB_FAMILY else "strict"


def _bad_byte(stream: IO[bytes], encoding: str) -> int | None:
    """Where the stream stops decoding strictly (None: it decodes); read in chunks, rewound."""
    decoder = codecs.getincrementaldecoder(encoding)(_errors(encoding))
    done = 0
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
            done += len(chunk)
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError as exc:
        return done + exc.start
    finally:
        stream.seek(0)
