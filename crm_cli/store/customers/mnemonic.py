"""Mnemonic codes (助记码): the uppercase initials of customer and contact names.

中兴通讯 → ZXTX, "IBM China" → IBMC, "3M 中国" → 3MZG. Readings come from two tables that
``tools/gen_pinyin_initials.py`` derives from pypinyin; pypinyin itself is never imported
here because it alone costs ~400 ms, and ``crm customer add`` runs in shell loops. The
tables are read on first use and kept for the life of the process.
"""

from __future__ import annotations

import os
from bisect import bisect_right

_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_INITIALS_FILE = "pinyin_initials.txt"
_PHRASES_FILE = "pinyin_phrases.txt"
_NO_READING = "."
_APOSTROPHES = ("'", "’")

# Lazily loaded tables. A plain global rather than functools.cache: importing functools
# cold costs more than this whole module, and a racing double load is harmless.
_run_starts: list[int] = []
_runs: list[str] = []
_phrases: dict[str, str] | None = None
_sizes: dict[str, list[int]] = {}  # a phrase's first character -> the phrases' sizes, longest first
# Each character's initial once looked up: an import names 100,000 customers and contacts,
# and a search of the table costs more than a dict's lookup.
_known: dict[str, str | None] = {}


def _data_pairs(name: str) -> tuple[list[str], list[str]]:
    """Read a data file shipped next to this module as two columns (keys, values).

    Every data file is comment lines starting with ``#`` followed by ``key value`` lines;
    one whitespace split of the body is the cheapest way Python has to parse that.
    """
    # A path next to the module, not importlib.resources: that import alone costs ~30 ms.
    with open(os.path.join(_DATA_DIR, name), encoding="utf-8") as handle:
        text = handle.read()
    while text.startswith("#"):
        text = text[text.index("\n") + 1 :]
    tokens = text.split()
    return tokens[0::2], tokens[1::2]


def _load_initials() -> None:
    """Load the per-character default initials (dense runs keyed by start code point)."""
    starts, runs = _data_pairs(_INITIALS_FILE)
    _runs[:] = runs
    _run_starts[:] = [int(start, 16) for start in starts]  # last: non-empty means ready


def _phrase_table() -> dict[str, str]:
    """Return the phrase overrides (银行 → YH), loading them on first use."""
    global _phrases
    if _phrases is None:
        phrases, initials = _data_pairs(_PHRASES_FILE)
        for phrase in phrases:
            _sizes.setdefault(phrase[0], []).append(len(phrase))
        for first, sizes in _sizes.items():
            _sizes[first] = sorted(set(sizes), reverse=True)
        _phrases = dict(zip(phrases, initials, strict=True))
    return _phrases


def _initial(char: str) -> str | None:
    """Return the default pinyin initial of one character, or None if it has no reading."""
    try:
        return _known[char]
    except KeyError:
        _known[char] = found = _looked_up(char)
        return found


def _looked_up(char: str) -> str | None:
    if not _run_starts:
        _load_initials()
    code = ord(char)
    index = bisect_right(_run_starts, code) - 1
    if index < 0:
        return None
    run = _runs[index]
    offset = code - _run_starts[index]
    if offset >= len(run) or run[offset] == _NO_READING:
        return None
    return run[offset]


def _fold(name: str) -> str:
    """Fold full-width and accented letters and digits to ASCII; keep Han characters.

    Ｉｂｍ → Ibm, Nestlé → Nestle, ⼀ (Kangxi radical) → 一. Symbols and punctuation are
    left alone; the scanner drops them. Characters with a reading are never folded.
    """
    if name.isascii():
        return name  # the common Latin case never pays for unicodedata
    import unicodedata  # here, not at the top: only non-ASCII names need it

    out: list[str] = []
    for char in name:
        if char.isascii() or _initial(char) is not None:
            out.append(char)
        elif unicodedata.category(char)[0] in "LN" or "\u2e80" <= char <= "\u2fdf":
            # Letters, digits and CJK radicals (pasted from PDFs) have an ASCII or Han
            # base form; symbols such as ™ do not get one, or "Foo ™" would read FTM.
            decomposed = unicodedata.normalize("NFKD", char)
            out.extend(c for c in decomposed if not unicodedata.combining(c))
        else:
            out.append(char)
    return "".join(out)


def _latin_word(word: str) -> str:
    """Initials of one Latin word: an all-capitals acronym whole, else its first letter."""
    # An apostrophe joins a word (McDonald's, O'Brien); the acronym test uses the part
    # before it, so ABC's still reads ABC.
    stem = word
    for apostrophe in _APOSTROPHES:
        stem = stem.split(apostrophe, 1)[0]
    if len(stem) >= 2 and stem.isupper():
        return stem
    return word[0].upper()


def _han_run(run: str) -> str:
    """Initials of consecutive Han characters, reading known phrases as phrases.

    At each position the longest phrase override wins (重庆 → CQ, 银行 → YH); other
    characters take their default, most common reading.
    """
    phrases = _phrase_table()
    out: list[str] = []
    i = 0
    while i < len(run):
        # Only the sizes of the phrases that start with this character are tried.
        for size in _sizes.get(run[i], ()):
            letters = phrases.get(run[i : i + size]) if i + size <= len(run) else None
            if letters is not None:
                out.append(letters)
                i += size
                break
        else:
            out.append(_initial(run[i]) or "")
            i += 1
    return "".join(out)


def _is_letter(text: str, i: int) -> bool:
    """Tell whether ``text[i]`` exists and is an ASCII letter."""
    return i < len(text) and text[i].isascii() and text[i].isalpha()


def _scan(text: str, i: int) -> tuple[str, int]:
    """Read the token starting at ``text[i]``; return its initials and the next index."""
    char = text[i]
    end = i + 1
    if _is_letter(text, i):
        # Letters, plus apostrophes that sit between letters (McDonald's is one word).
        while _is_letter(text, end) or (
            text[end : end + 1] in _APOSTROPHES and _is_letter(text, end + 1)
        ):
            end += 1
        return _latin_word(text[i:end]), end
    if char.isascii() and char.isdigit():
        while end < len(text) and text[end].isascii() and text[end].isdigit():
            end += 1
        return text[i:end], end
    if _initial(char) is not None:
        while end < len(text) and _initial(text[end]) is not None:
            end += 1
        return (_han_run(text[i:end]) if end - i > 1 else _initial(char) or ""), end
    return "", end  # punctuation, spaces, symbols, and characters without a reading


def mnemonic(name: str, max_len: int = 20) -> str:
    """Return the mnemonic code (助记码) of a customer or contact name.

    Han characters give the initial of their pinyin, phrases read as phrases
    (重庆银行 → CQYH); Latin words give their first letter, all-capitals acronyms stay
    whole (IBM China → IBMC); digits are kept (3M 中国 → 3MZG); everything else is dropped.

    Args:
        name: The name to encode.
        max_len: Longest code to return; the code is cut to this many characters.

    Returns:
        The uppercase ASCII code, or "" if the name has nothing to encode.

    Raises:
        ValueError: If ``max_len`` is negative.
    """
    if max_len < 0:
        raise ValueError(f"max_len must be >= 0, got {max_len}")
    text = _fold(name)
    parts: list[str] = []
    length = 0
    i = 0
    while i < len(text) and length < max_len:  # stop early: long names cost nothing extra
        token, i = _scan(text, i)
        parts.append(token)
        length += len(token)
    return "".join(parts)[:max_len]
