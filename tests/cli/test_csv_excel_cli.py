"""`crm config set csv.excel true` (issue 17, point 4): every CSV a person saves opens in
Chinese Excel as UTF-8: lists and reports printed as CSV and exports to a file start with a
BOM; other formats, and CSV without the setting, are unchanged."""

from __future__ import annotations

from conftest import Crm

BOM = "\ufeff"


def test_csv_starts_with_a_bom_once_the_setting_is_on(crm: Crm) -> None:
    crm.ok("customer", "add", "中兴通讯", "--city", "深圳")
    plain = crm.ok("customer", "list", "-f", "csv").stdout
    assert plain.startswith("code,") and BOM not in plain
    crm.ok("config", "set", "csv.excel", "yes")
    assert crm.ok("config", "get", "csv.excel").stdout.strip() == "true"
    listed = crm.ok("customer", "list", "-f", "csv").stdout
    assert listed == BOM + plain  # one BOM, before the header, nothing else changed
    assert BOM not in crm.ok("customer", "list", "-f", "json").stdout
    assert BOM not in crm.ok("customer", "list", "-f", "tsv").stdout
    out = crm.tmp_path / "客户.csv"
    crm.ok("export", "customers", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(BOM.encode()) and not data[3:].startswith(BOM.encode())
    assert "中兴通讯" in data.decode("utf-8-sig")
    gbk = crm.tmp_path / "gbk.csv"
    crm.ok("export", "customers", "-o", str(gbk), "--encoding", "gbk")  # said otherwise: no BOM
    assert "中兴通讯" in gbk.read_bytes().decode("gbk")
    crm.ok("config", "set", "csv.excel", "false")
    assert crm.ok("customer", "list", "-f", "csv").stdout == plain


def test_a_value_that_is_not_yes_or_no_is_refused(crm: Crm) -> None:
    line = crm.fails(1, "config", "set", "csv.excel", "maybe")
    assert "csv.excel" in line
    assert crm.ok("config", "get", "csv.excel").stdout.strip() == ""
