"""Personal settings in the user's config directory (acting user, format, database).

Read by both faces before the store is opened; team settings live in the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PERSONAL_KEYS = {
    "user": "the acting user when --user and CRM_USER are not given",
    "format": "the default output format (table, plain, csv, tsv, json, jsonl, markdown)",
    "database": "the database URL when --db and CRM_DATABASE_URL are not given",
    "csv.excel": "true: CSV (lists, reports, exports) starts with a BOM, so Excel in Chinese "
    "reads it as UTF-8",
}
BOOLEAN_KEYS = ("csv.excel",)


def config_path() -> Path:
    directory = os.environ.get("CRM_CONFIG_DIR")
    if not directory:
        from platformdirs import user_config_dir

        directory = user_config_dir("crm", appauthor=False)
    return Path(directory) / "config.json"


def load() -> dict[str, str]:
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save(key: str, value: str | None) -> Path:
    """Set (or with None, remove) one personal setting; written atomically."""
    data = load()
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def excel_csv() -> bool:
    """Whether CSV is written for Excel (``csv.excel``); an unreadable file says no."""
    try:
        return load().get("csv.excel", "").strip().lower() == "true"
    except ValueError:
        return False


def os_login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"
