"""Personal settings in the user's config directory (acting user, format, database).

Read by both faces before the store is opened; team settings live in the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from crm_cli.store.core.errors import N_, InvalidInput

PERSONAL_KEYS = {
    "user": "the acting user when --user and CRM_USER are not given",
    "format": "the default output format (table, plain, csv, tsv, json, jsonl, markdown)",
    "database": "the database URL when --db and CRM_DATABASE_URL are not given",
    "csv.excel": "true: CSV (lists, reports, exports) starts with a BOM, so Excel in Chinese "
    "reads it as UTF-8",
    "hooks.timeout": "seconds a hook may run before it is killed (default 10; README: Hooks)",
    "tui.columns": "the customer grid's columns in `crm tui` (chosen there with v), e.g. "
    "code,name,status,owner,city,next_contact,balance_owed",
    "language": "the interface language: zh (Simplified Chinese) or en; default: the locale",
    # `crm mail` (README: Mail): the SMTP server is each person's own, not the team's.
    "mail.smtp_host": "the SMTP server `crm mail send` sends through",
    "mail.smtp_port": "its port (default 465 with mail.ssl, 587 with mail.starttls, else 25)",
    "mail.smtp_user": "the SMTP login, when the server asks for one",
    "mail.from": "your address: the From of mail you send, and how `crm mail import` tells "
    "sent mail from received",
    "mail.starttls": "true: upgrade the connection with STARTTLS before logging in",
    "mail.ssl": "true: connect with TLS from the start (SMTPS, port 465)",
    "mail.password_command": "a command that prints the SMTP password (pass show smtp); "
    "CRM_SMTP_PASSWORD overrides it",
    "mail.password": "the SMTP password in plain text in this file: prefer mail.password_command",
}
BOOLEAN_KEYS = ("csv.excel", "mail.starttls", "mail.ssl")
HOOK_TIMEOUT_S = 10.0
# Listed as set, never printed, by `crm config list`.
SECRET_KEYS = frozenset({"mail.password"})
# `filter.NAME`: a named filter of the query language, used as @NAME (SPEC SH-1).
FILTER_PREFIX = "filter."


class ConfigError(InvalidInput, ValueError):
    """A config file or personal setting crm cannot use: invalid input whose message is a
    template with named params (issue 17), and the ValueError callers catch."""


def is_personal(key: str) -> bool:
    return key in PERSONAL_KEYS or (key.startswith(FILTER_PREFIX) and key != FILTER_PREFIX)


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
        raise ConfigError(N_("cannot read {path}: {exc}"), path=path, exc=str(exc)) from exc
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


def hooks_dir() -> Path:
    """Where hooks live: ``hooks/`` beside config.json (README: Hooks)."""
    return config_path().parent / "hooks"


def hook_timeout(text: str | None) -> float:
    """``hooks.timeout`` as seconds: a positive number up to an hour (a pre-hook holds the
    write lock while it runs, so a day-long one is a mistake, not a setting)."""
    if text is None or not text.strip():
        return HOOK_TIMEOUT_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise ConfigError(
            N_("invalid hooks.timeout {text!r}: seconds, more than 0, at most 3600"), text=text
        )
    return seconds


def language(text: str) -> str:
    """``language`` normalised: ``zh`` or ``en`` (zh_CN, zh-cn and chinese are zh)."""
    value = text.strip().lower().replace("-", "_")
    if value in ("zh", "zh_cn", "zh_hans", "chinese", "中文"):
        return "zh"
    if value in ("en", "en_us", "en_gb", "english"):
        return "en"
    raise ConfigError(N_("invalid language {text!r}: zh or en"), text=text)


def os_login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"
