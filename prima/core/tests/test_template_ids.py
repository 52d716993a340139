"""Ids in templates must never be localised: with USE_THOUSAND_SEPARATOR, ``{{ unit.pk }}`` renders 1234 as "1.234",
which a form posts back as a bad id (it broke forms on PostgreSQL once ids passed 999). Write
``{{ unit.pk|stringformat:"d" }}`` (or pass ids through ``{% url %}``, which does not localise)."""

import re
from pathlib import Path

from django.conf import settings

BARE_ID = re.compile(r"\{\{\s*[\w.]*(?:\.pk|\.id|_id)\s*(?:\|\s*default[^}]*)?\}\}")


def test_no_template_prints_a_bare_id() -> None:
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BARE_ID.search(line) and not re.search(r"\{\{\s*(?:field\.auto_id|row\.text_id)\b", line)
    ]
    assert offenders == []
