"""The interface language (issue 17): Simplified Chinese or English, chosen once per run.

``language`` in the personal config (zh or en) decides; without it a Simplified Chinese
locale (LC_ALL, else LC_MESSAGES, else LANG: zh_CN.*, zh_SG, zh_Hans) means Chinese.
msgids are the English texts, so English needs no catalog: ``crm.mo`` loads only on the
first lookup of a Chinese run, and `crm customer add` in English pays one config read.
Machine output (JSON keys, CSV headers, values) never goes through here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "en")
DOMAIN = "crm"
LOCALE_DIR = Path(__file__).parent / "locale"
MO_FILE = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"

_language: str | None = None
_catalog: Any = None  # gettext.GNUTranslations, loaded on first use in Chinese


def language() -> str:
    """``zh`` or ``en``: the personal ``language`` setting, else the locale."""
    global _language
    if _language is None:
        _language = _choose()
    return _language


def chinese() -> bool:
    return language() == "zh"


def use(lang: str | None) -> None:
    """Force ``lang`` for this process; None chooses again (a new command in one process)."""
    global _language
    _language = lang


def _choose() -> str:
    from crm_cli import config

    try:
        chosen = config.load().get("language", "").strip().lower()
    except ValueError:  # an unreadable config file is reported by the command that reads it
        chosen = ""
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX precedence: the first one set wins
        value = os.environ.get(name, "")
        if value:
            return "zh" if _simplified(value) else "en"
    return "en"


def _simplified(locale: str) -> bool:
    """zh_CN.UTF-8, zh_SG, zh_Hans…, zh: Simplified Chinese (zh_TW and zh_HK are not)."""
    name = locale.split(".")[0].split("@")[0].lower().replace("-", "_")
    return name in ("zh", "zh_cn", "zh_sg") or name.startswith("zh_hans")


def _translations() -> Any:
    global _catalog
    if _catalog is None:
        import gettext

        try:
            with MO_FILE.open("rb") as handle:
                _catalog = gettext.GNUTranslations(handle)
        except OSError:  # a broken install: English beats a traceback
            _catalog = gettext.NullTranslations()
    return _catalog


def _(message: str) -> str:
    """``message`` (an English msgid) in the interface language."""
    if not message or language() != "zh":
        return message
    return str(_translations().gettext(message))


gettext = _


def ngettext(singular: str, plural: str, count: int) -> str:
    if language() != "zh":
        return singular if count == 1 else plural
    return str(_translations().ngettext(singular, plural, count))


def pgettext(context: str, message: str) -> str:
    """``message`` in a context: ``column`` for table headers, where ``name`` is a word."""
    if language() != "zh":
        return message
    return str(_translations().pgettext(context, message))


def N_(message: str) -> str:
    """Marks ``message`` for extraction; translated later, where it is shown."""
    return message


def render(template: str, params: dict[str, Any]) -> str:
    """``template`` translated, then filled with ``params`` (English if the catalog's
    translation names a placeholder the template does not have)."""
    translated = _(template)
    if not params:
        return translated
    if language() == "zh":  # a hint, a word or a refusal inside the message: its own template
        params = {key: _part(key, value) for key, value in params.items()}
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        return template.format(**params)


def phrase(value: Any) -> str:
    """Text the store made for people (a ``Phrase``, an error) in the interface language;
    anything else as ``str`` has it."""
    template = getattr(value, "template", None)
    if isinstance(template, str) and template and language() == "zh":
        return render(template, getattr(value, "params", None) or {})
    return str(value)


def _part(key: str, value: Any) -> Any:
    """A message's parameter in the interface language when it is a template of its own
    (the store's ``Phrase``, an import problem, a nested error) or a ``what``, which names
    an action or a field in English (`tools/i18n_words.py` collects them); else as it is."""
    if key == "what" and type(value) is str:
        return pgettext("what", value)
    template = getattr(value, "template", None)
    if isinstance(template, str) and template:
        params = getattr(value, "params", None) or {}
        text = render(template, params)
        return text if isinstance(value, str) or params or template == str(value) else value
    return value


def tr(template: str, /, **params: Any) -> str:
    """``render`` with keyword arguments: ``tr("Added {code}", code=c.code)`` (the TUI's)."""
    return render(template, params)


def message_of(exc: BaseException) -> str:
    """What the user reads for a store error: its template in their language, filled in
    (``str(exc)`` is the English text; the store never translates)."""
    text = str(exc)
    template = getattr(exc, "template", "")
    if template and (getattr(exc, "params", None) or template == text):
        return render(template, getattr(exc, "params", {}))
    return text or type(exc).__name__


def column(name: str) -> str:
    """A column title for people: ``pgettext('column', name)``; unknown names stay."""
    return pgettext("column", name)


def column_zh(name: str) -> str:
    """The Chinese title of a column in any interface language (``--headers zh``)."""
    return str(_translations().pgettext("column", name))


def customer_status(name: Any) -> Any:
    """A customer status for people. The four a database starts with (potential, intent,
    formal, lost) are in the interface language while the team keeps those names; a status
    the team added or renamed is its data, shown as typed. Its own context: a customer
    status "lost" is 流失客户, an opportunity's "lost" 输单."""
    if language() != "zh" or not isinstance(name, str):
        return name
    shown = {
        "potential": pgettext("customer status", "potential"),
        "intent": pgettext("customer status", "intent"),
        "formal": pgettext("customer status", "formal"),
        "lost": pgettext("customer status", "lost"),
    }
    return shown.get(name, name)
