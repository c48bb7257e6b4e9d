"""The catalog check of tools/check (issue 17) fails on what would show English in Chinese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from tools import i18n_catalog as tool


def _template(*texts: str) -> Catalog:
    template = Catalog(domain="crm")
    for text in texts:
        template.add(text)
    template.add("owner", context="column")
    return template


def _write(tmp_path: Path, translations: dict[str, str]) -> tuple[Path, Path]:
    catalog = Catalog(locale="zh_CN", domain="crm")
    for msgid, msgstr in translations.items():
        catalog.add(msgid, msgstr)
    catalog.add("owner", "负责人", context="column")
    po, mo = tmp_path / "crm.po", tmp_path / "crm.mo"
    tool.save(catalog, po)
    mo.write_bytes(tool.compiled(tool.load(po)))
    return po, mo


def test_a_complete_catalog_passes(tmp_path: Path) -> None:
    po, mo = _write(tmp_path, {"Add a customer.": "新建客户。"})
    assert tool.problems(po, mo, _template("Add a customer.")) == []


def test_a_new_help_text_without_translation_fails(tmp_path: Path) -> None:
    po, mo = _write(tmp_path, {"Add a customer.": "新建客户。", "Old text.": ""})
    found = tool.problems(po, mo, _template("Add a customer.", "Merge two customers."))
    assert "not in the catalog: 'Merge two customers.'" in found
    assert "untranslated: 'Old text.'" in found


def test_fuzzy_and_stale_mo_fail(tmp_path: Path) -> None:
    po, mo = _write(tmp_path, {"Add a customer.": "新建客户。"})
    catalog = tool.load(po)
    catalog["Add a customer."].flags.add("fuzzy")
    tool.save(catalog, po)  # crm.mo is now the old compilation
    found = tool.problems(po, mo, _template("Add a customer."))
    assert "fuzzy: 'Add a customer.'" in found
    assert any("crm.mo is not crm.po compiled" in line for line in found)


def test_a_translation_must_keep_the_placeholders(tmp_path: Path) -> None:
    po, mo = _write(tmp_path, {"no customer {ref}": "没有客户 {code}"})
    found = tool.problems(po, mo, _template("no customer {ref}"))
    assert found == ["unknown placeholder in the translation: 'no customer {ref}'"]
