"""Text edited by a person in $VISUAL or $EDITOR (vi), as `git commit` asks for a message:
the work report's text, a customer as TOML, many customers as TSV."""

from __future__ import annotations

import os

from crm_cli.store.core.errors import InvalidInput


def edit_text(text: str, filename: str) -> str:
    """``text`` as saved by the editor, in a temporary file named ``filename`` (its suffix
    lets the editor colour Markdown, TOML or TSV).

    Raises:
        InvalidInput: the editor exited with an error (nothing is saved then).
    """
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="crm-") as folder:
        path = os.path.join(folder, filename)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        done = subprocess.run([*shlex.split(editor), path], check=False)
        if done.returncode != 0:
            raise InvalidInput(
                "the editor exited with status {returncode}; nothing saved",
                returncode=done.returncode,
            )
        with open(path, encoding="utf-8") as written:
            return written.read()
