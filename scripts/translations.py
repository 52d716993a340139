"""Compile and check gettext catalogues with polib, so no system gettext is needed to run Prima.

python scripts/translations.py compile locale/id/LC_MESSAGES/django.po
python scripts/translations.py check locale/id/LC_MESSAGES/django.po [...]
python scripts/translations.py fill-en locale/en/LC_MESSAGES/django.po   # English msgids are the English text
"""

import sys
from pathlib import Path

import polib


def compile_catalogue(po_path: Path) -> None:
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def problems(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    found = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return found


def fill_english(po_path: Path) -> int:
    """English msgids are the English text, so every entry's translation is its msgid (fuzzy guesses dropped)."""
    catalogue = polib.pofile(str(po_path))
    changed = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = {0: entry.msgid, 1: entry.msgid_plural}
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural = wanted
                changed += 1
        elif entry.msgstr != entry.msgid:
            entry.msgstr = entry.msgid
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    return changed


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"compile", "check", "fill-en"}:
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]]
    if command == "compile":
        for path in paths:
            compile_catalogue(path)
        return 0
    if command == "fill-en":
        for path in paths:
            print(f"{path}: filled {fill_english(path)} entries")
        return 0
    failed = False
    for path in paths:
        for problem in problems(path):
            print(f"{path}: {problem}")
            failed = True
    if not failed:
        print("Translation catalogues complete: " + ", ".join(str(p) for p in paths))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
