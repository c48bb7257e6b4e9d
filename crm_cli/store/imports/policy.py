"""The duplicate policy (``--on-duplicate fail|skip|update|create``): what a row whose
possible duplicates a spec found does: is refused (exit 3 when only such rows are), is
skipped, updates the one record it matches, or is created beside it."""

from __future__ import annotations

from crm_cli.store.core.errors import Phrase
from crm_cli.store.imports.specs import Draft, Problems


def decide(draft: Draft, policy: str, problems: Problems, noun: str) -> None:
    """What a row does, from its possible duplicates and the policy (``--on-duplicate``)."""
    found = draft.matches
    if not found:
        draft.action = "create"
        return
    listing = Phrase.joined("; ", [f.describe() for f in found[:3]])
    field = "code" if found[0].identity else "name"
    value = draft.cells.get(field, "")
    if policy == "skip":
        draft.action, draft.note = "skip", f"duplicate: {listing}"
    elif policy == "create":
        taken = next((f for f in found if f.identity), None)
        if taken is not None:
            why = Phrase("code taken: {found}", found=taken.describe())
            problems.add(draft.line, "code", value, why, True)
        else:
            draft.action, draft.note = "create", f"possible duplicate: {listing}"
    elif policy == "update":
        _update_target(draft, problems, noun, listing)
    else:
        hint = Phrase("--on-duplicate skip, update or create decides")
        why = Phrase("possible duplicate of {listing}; {hint}", listing=listing, hint=hint)
        problems.add(draft.line, field, value, why, True)


def _update_target(draft: Draft, problems: Problems, noun: str, listing: Phrase) -> None:
    found = draft.matches
    twice = next((f for f in found if f.line is not None), None)
    if twice is not None:
        why = Phrase("the file has this {noun} twice (row {line}, {reason})",
                     noun=noun, line=twice.line, reason=twice.reason)  # fmt: skip
        problems.add(draft.line, "name", draft.cells.get("name", ""), why, True)
        return
    targets = [f for f in found if f.identity] or found
    if len({f.id for f in targets}) > 1:
        why = Phrase("matches several {noun}s: {listing}; cannot tell which to update",
                     noun=noun, listing=listing)  # fmt: skip
        problems.add(draft.line, "name", draft.cells.get("name", ""), why, True)
        return
    target = targets[0]
    if target.blocked:
        problems.add(draft.line, "name", draft.cells.get("name", ""), target.blocked, True)
        return
    draft.action, draft.id, draft.code = "update", target.id, target.code
