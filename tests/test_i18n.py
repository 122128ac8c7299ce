"""The zh_Hans catalog is complete and compiled."""

from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_catalog_has_every_string_translated():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 50


def test_compiled_catalog_matches_source():
    po = polib.pofile(str(CATALOG / "django.po"))
    mo = polib.mofile(str(CATALOG / "django.mo"))
    # Keyed by context too: one msgid may have several (pgettext), each its own translation.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    assert {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()} == {
        k: v for k, v in compiled.items() if k[1]
    }
