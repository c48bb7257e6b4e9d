"""Tests for crm_cli.store.customers.mnemonic: name initials (助记码) without pypinyin at run time."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import crm_cli.store.customers.mnemonic as mnemonic_module
from crm_cli.store.customers.mnemonic import mnemonic

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tools" / "gen_pinyin_initials.py"
SHIPPED_DATA = Path(mnemonic_module.__file__).resolve().parent / "data"


def _generator() -> ModuleType:
    """Import tools/gen_pinyin_initials.py, skipping the test without pypinyin."""
    pytest.importorskip(
        "pypinyin", reason="pypinyin (the 'test' extra) is needed to regenerate the tables"
    )
    spec = importlib.util.spec_from_file_location("gen_pinyin_initials", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("中兴通讯", "ZXTX"),
        ("华为技术有限公司", "HWJSYXGS"),
        ("重庆银行股份有限公司", "CQYHGFYXGS"),
        ("招商银行长沙支行", "ZSYHCSZH"),
        ("中国（北京）有限公司", "ZGBJYXGS"),
        ("〇", "L"),
    ],
)
def test_han_names_give_pinyin_initials(name: str, code: str) -> None:
    assert mnemonic(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("重庆", "CQ"),
        ("银行", "YH"),
        ("长沙", "CS"),
        ("长春", "CC"),
        ("厦门", "XM"),
        ("音乐", "YY"),
        ("单县", "SX"),
        ("朝阳", "CY"),
        ("乐山", "LS"),
        ("行业", "HY"),
        ("会计", "KJ"),
        ("蚌埠", "BB"),
        ("长治市", "CZS"),
        ("北京朝阳区", "BJCYQ"),
        ("朝阳产业", "ZYCY"),
        # A default-reading phrase around an override keeps its own reading.
        ("人行道", "RXD"),
    ],
)
def test_polyphonic_characters_read_as_in_common_words(name: str, code: str) -> None:
    assert mnemonic(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("International Business Machines", "IBM"),
        ("IBM China", "IBMC"),
        ("3M 中国", "3MZG"),
        ("58同城", "58TC"),
        ("ＡＢＣ１２３", "ABC123"),
        ("ｉｂｍ", "I"),
        ("AT&T", "ATT"),
        ("H3C", "H3C"),
        ("a", "A"),
        ("McDonald's", "M"),
        ("ABC's", "ABC"),
        ("Nestlé 雀巢", "NQC"),
        ("Foo ™ Bar", "FB"),
        ("Sony ソニー", "S"),
        ("⼀⼆", "YE"),
    ],
)
def test_latin_words_acronyms_digits_and_width_folding(name: str, code: str) -> None:
    assert mnemonic(name) == code


@pytest.mark.parametrize("name", ["", "   ", "\u3000", "\t\n", "——！", "😀", "..."])
def test_names_without_letters_give_empty_code(name: str) -> None:
    assert mnemonic(name) == ""


def test_code_is_cut_to_max_len() -> None:
    assert mnemonic("华为技术有限公司", 4) == "HWJS"
    assert mnemonic("工商银行" * 10) == "GSYH" * 5
    assert mnemonic("IBM China", 2) == "IB"
    assert mnemonic("中兴通讯", 0) == ""


def test_negative_max_len_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_len"):
        mnemonic("中兴通讯", -1)


def test_shipped_data_matches_generator() -> None:
    generator = _generator()
    for name, content in generator.build().items():
        shipped = (SHIPPED_DATA / name).read_bytes()
        assert shipped == content, (
            f"crm_cli/store/customers/data/{name} is stale for the installed pypinyin; "
            "run `python tools/gen_pinyin_initials.py`"
        )


def test_every_pypinyin_phrase_reads_as_pypinyin_reads_it() -> None:
    generator = _generator()
    from pypinyin.phrases_dict import phrases_dict

    wrong = {}
    for phrase, readings in phrases_dict.items():
        if phrase in generator.SUPPLEMENT:
            continue  # deliberately re-read for company names (朝阳 → CY)
        expected = "".join(generator.initial(options[0]) for options in readings)
        if mnemonic(phrase, 99) != expected:
            wrong[phrase] = (mnemonic(phrase, 99), expected)
    assert not wrong, list(wrong.items())[:20]


def test_supplement_readings_are_used() -> None:
    generator = _generator()
    for phrase, reading in generator.SUPPLEMENT.items():
        expected = "".join(generator.initial(syllable) for syllable in reading.split())
        assert mnemonic(phrase) == expected, phrase


def test_run_time_never_imports_pypinyin() -> None:
    code = (
        "import sys\n"
        "import crm_cli.store.customers.mnemonic\n"
        "assert crm_cli.store.customers.mnemonic.mnemonic('中兴通讯') == 'ZXTX'\n"
        "assert crm_cli.store.customers.mnemonic.mnemonic('Ｎｅｓｔｌé 重庆') == 'NCQ'\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] == 'pypinyin'))\n"
    )
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": path},
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
