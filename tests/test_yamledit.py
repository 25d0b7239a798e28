"""stc.yamledit: a researcher's YAML file edited line by line, every other byte kept."""

from __future__ import annotations

from stc import yamledit
from stc.condensation_model import parse_condensation
from stc.yamledit.condensation import CondensationEditor

CONDENSATION = """\
groups:
  fellesskap:
    heading: Ikke alene   # mine ord
    codes:
      ikke-alene:
        # skrevet om mandag
        status: edited
        condensate: |
          Jeg trodde jeg var den eneste.
        units: [a:1, a:2]
      dele:
        status: edited
        condensate: Jeg delte.
"""


def editor(text: str, codebook: dict[str, list[str]]) -> CondensationEditor:
    document, _ = parse_condensation(text, "condensation.yaml")
    return CondensationEditor(document, codebook)


def test_yamledit_tells_comments_from_hashes_in_text() -> None:
    text = "a:  # one\n  b: 'x # y'\n  c: |\n    # text\n  # two\nd: [e, \"f # g\"]  # three\n"
    document, _ = yamledit.parse(text)
    assert document.render() == text
    comments = [line.comment_text for line in document.root.lines() if line.comment is not None]
    assert comments == ["# one", "# two", "# three"]


def test_yamledit_sees_a_comment_on_a_block_scalar_header() -> None:
    text = "a: |  # one\n  # text\nb: >-  # two\n  x # y\nc: |2+ # three\n   z\nd: |\n  #e\n"
    document, _ = yamledit.parse(text)
    assert document.render() == text
    comments = [line.comment_text for line in document.root.lines() if line.comment is not None]
    assert comments == ["# one", "# two", "# three"]


def test_a_code_that_leaves_the_codebook_moves_under_orphaned_and_back_byte_for_byte() -> None:
    gone = editor(CONDENSATION, {"fellesskap": ["dele"]})
    gone.arrange()
    gone.finish()
    orphaned = gone.document.render()
    assert gone.orphaned == ["fellesskap/ikke-alene"]
    assert orphaned == (
        "groups:\n"
        "  fellesskap:\n"
        "    heading: Ikke alene   # mine ord\n"
        "    codes:\n"
        "      dele:\n"
        "        status: edited\n"
        "        condensate: Jeg delte.\n"
        "\n"
        "orphaned:\n"
        "  fellesskap:\n"
        "    codes:\n"
        "      ikke-alene:\n"
        "        # skrevet om mandag\n"
        "        status: edited\n"
        "        condensate: |\n"
        "          Jeg trodde jeg var den eneste.\n"
        "        units: [a:1, a:2]\n"
    )
    back = editor(orphaned, {"fellesskap": ["ikke-alene", "dele"]})
    back.arrange()
    back.finish()
    assert back.restored == ["fellesskap/ikke-alene"]
    assert back.document.render() == CONDENSATION


def test_set_fields_rewrites_only_the_fields_that_differ() -> None:
    edit = editor(CONDENSATION, {"fellesskap": ["ikke-alene", "dele"]})
    edit.arrange()
    item = edit.code("fellesskap", "ikke-alene")
    assert item is not None
    changes = {"added": ["a:3"], "removed": []}
    fields = {"status": "stale", "changes": changes, "units": ["a:1", "a:2"]}
    assert edit.set_fields(item, fields) == {"status", "changes"}
    edit.finish()
    assert edit.document.render() == CONDENSATION.replace(
        "        status: edited\n        condensate: |",
        "        status: stale\n"
        "        changes:\n"
        "          added: [a:3]\n"
        "          removed: []\n"
        "        condensate: |",
        1,
    )


def test_an_empty_entry_is_filled_under_its_comment_and_a_new_one_goes_in_codebook_order() -> None:
    edit = editor("groups:\n  g:\n    codes:\n      c:  # tom\n", {"g": ["b", "c"]})
    edit.arrange()
    item = edit.code("g", "c")
    assert item is not None and edit.code("g", "b") is None
    edit.fill(item, {"status": "draft", "condensate": "Jeg var redd.\n", "units": ["u:1"]})
    edit.create("g", "b", {"units": ["u:2"], "status": "draft", "condensate": "Jeg ble trygg.\n"})
    edit.finish()
    assert edit.document.render() == (
        "groups:\n"
        "  g:\n"
        "    codes:\n"
        "      b:\n"
        "        status: draft\n"
        "        condensate: |\n"
        "          Jeg ble trygg.\n"
        "        units: [u:2]\n"
        "      # tom\n"
        "      c:\n"
        "        status: draft\n"
        "        condensate: |\n"
        "          Jeg var redd.\n"
        "        units: [u:1]\n"
    )
