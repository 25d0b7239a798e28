"""The secret key, the mapping beside it, and deterministic pseudonyms.

The key file (``.stc-key``: 32 random bytes as 64 hex characters, mode 0600) makes the
pseudonyms unguessable without it and the same on every run with it. Numbered pseudonyms
(``[Navn 1]``, ``[Sted 2]``) are given out per category in HMAC-SHA256 order of the
normalised originals, keyed with the key: the order of first appearance would leak who was
mentioned first, and it would not change with the key. Numbers already in the mapping file
are kept, and new originals get the next numbers in HMAC order, so adding a transcript never
renumbers the people already pseudonymized.

The mapping file (``.stc-key.mapping.csv``, next to the key, never in the output folder)
links originals to pseudonyms. Its first line carries a fingerprint of the key it was made
with, so a mapping is never combined with another key.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stc.anonymize.names import Lexicon, NameIndex
from stc.errors import AnonymizeError

KEY_BYTES = 32
KEY_PATTERN = re.compile(r"[0-9a-fA-F]{64}")
MAPPING_COLUMNS = ["style", "category", "original", "pseudonym"]
NUMBERED = frozenset({"name", "place"})

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "name": "Navn",
        "place": "Sted",
        "phone": "Telefon",
        "email": "E-post",
        "id_number": "Fødselsnummer",
        "address": "Adresse",
        "date": "Dato",
    },
    "nn": {
        "name": "Namn",
        "place": "Stad",
        "phone": "Telefon",
        "email": "E-post",
        "id_number": "Fødselsnummer",
        "address": "Adresse",
        "date": "Dato",
    },
    "da": {
        "name": "Navn",
        "place": "Sted",
        "phone": "Telefon",
        "email": "E-mail",
        "id_number": "CPR-nummer",
        "address": "Adresse",
        "date": "Dato",
    },
    "sv": {
        "name": "Namn",
        "place": "Plats",
        "phone": "Telefon",
        "email": "E-post",
        "id_number": "Personnummer",
        "address": "Adress",
        "date": "Datum",
    },
    "en": {
        "name": "Name",
        "place": "Place",
        "phone": "Phone",
        "email": "Email",
        "id_number": "ID number",
        "address": "Address",
        "date": "Date",
    },
    "de": {
        "name": "Name",
        "place": "Ort",
        "phone": "Telefon",
        "email": "E-Mail",
        "id_number": "Ausweisnummer",
        "address": "Adresse",
        "date": "Datum",
    },
}


def mapping_path(key_path: Path) -> Path:
    """The mapping file that belongs to a key file: ``<key>.mapping.csv`` beside it."""
    return key_path.with_name(key_path.name + ".mapping.csv")


def backup_path(path: Path) -> Path:
    """A free name to keep an old key or mapping under: ``.bak``, else ``.bak-2``, ``.bak-3``…"""
    candidate = path.with_name(path.name + ".bak")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak-{n}")
        n += 1
    return candidate


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def read_key(path: Path) -> bytes:
    """Read a key file; a damaged one is an error that names the file and the way out."""
    try:
        content = path.read_text(encoding="ascii").strip()
    except UnicodeDecodeError:
        content = ""
    except OSError as exc:
        raise AnonymizeError(
            f"{path}: the key file cannot be read ({exc.strerror}); check its permissions"
        ) from None
    if not KEY_PATTERN.fullmatch(content):
        raise AnonymizeError(
            f"{path}: not a valid stc key (expected 64 hexadecimal characters); restore the "
            "key from your backup, or run `stc anonymize --new-key` to start again with new "
            f"pseudonyms (the old key is kept beside it as {path.name}.bak)"
        )
    return bytes.fromhex(content)


def write_key(path: Path, key: bytes) -> None:
    """Create the key file, readable by its owner only; an existing file is an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AnonymizeError(
            f"{path}: a key file already exists; stc never overwrites a key"
        ) from None
    except OSError as exc:
        raise AnonymizeError(
            f"{path}: cannot create the key file ({exc.strerror}); check [anonymize -> key]"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically (temporary file, then rename).

    ``stc.output.write_files`` gives outputs the usual permissions; the mapping links
    pseudonyms to people, so it keeps mkstemp's owner-only mode.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise AnonymizeError(
            f"{exc.filename or path}: cannot write the mapping ({exc.strerror}); check that "
            "you can write to the key's folder"
        ) from None


def fingerprint(key: bytes) -> str:
    """A short, non-secret tag of a key: which key a mapping file was made with."""
    return hmac.new(key, b"stc-anonymize-mapping", hashlib.sha256).hexdigest()[:16]


def normalise(category: str, text: str) -> str:
    """The form an original is known by: NFC, case-folded, white space collapsed.

    Phone numbers and identity numbers are known by their digits.
    """
    text = unicodedata.normalize("NFC", text)
    if category in ("phone", "id_number"):
        return re.sub(r"\D", "", text)
    return " ".join(text.casefold().split())


def digest(key: bytes, *parts: str) -> str:
    return hmac.new(key, "\n".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


MappingKey = tuple[str, str, str]  # (style, category, normalised original)


@dataclass
class PseudonymMap:
    """Original → pseudonym rows, as read from and written to the mapping file."""

    rows: dict[MappingKey, tuple[str, str]] = field(default_factory=dict)  # → (original, pseudonym)

    def csv_text(self, key: bytes) -> str:
        buffer = io.StringIO()
        buffer.write(
            f"# stc anonymize mapping; key fingerprint {fingerprint(key)}. It links pseudonyms "
            "to people: keep it with the key, apart from the data, and never share it.\n"
        )
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(MAPPING_COLUMNS)
        for (style, category, _), (original, pseudonym) in sorted(
            self.rows.items(), key=lambda item: (item[0][0], item[0][1], _order(item[1][1]))
        ):
            writer.writerow([style, category, original, pseudonym])
        return buffer.getvalue()


def _order(pseudonym: str) -> tuple[int, str]:
    number = re.search(r"(\d+)$", pseudonym)
    return (int(number.group(1)) if number else 0, pseudonym)


def read_mapping(path: Path, key: bytes) -> PseudonymMap:
    """Read the mapping file; one made with another key, or damaged, is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnonymizeError(f"{path}: cannot be read ({exc.strerror}); check the file") from None
    lines = text.splitlines()
    first = lines[0] if lines else ""
    found = re.search(r"key fingerprint ([0-9a-f]{16})", first)
    if found is None:
        raise AnonymizeError(
            f"{path}: not an stc mapping file (its first line names no key fingerprint); "
            "restore it from your backup, or run `stc anonymize --new-key` to start again"
        )
    if found.group(1) != fingerprint(key):
        raise AnonymizeError(
            f"{path}: this mapping was made with another key than {path.name[: -len('.mapping.csv')]}"
            "; restore the matching key, or run `stc anonymize --new-key` to start again"
        )
    mapping = PseudonymMap()
    reader = csv.DictReader(lines[1:])
    if reader.fieldnames != MAPPING_COLUMNS:
        raise AnonymizeError(
            f"{path}: expected the columns {', '.join(MAPPING_COLUMNS)}; restore the file "
            "from your backup, or run `stc anonymize --new-key` to start again"
        )
    for row in reader:
        if any(not row.get(column) for column in MAPPING_COLUMNS):
            raise AnonymizeError(
                f"{path}: line {reader.line_num + 1} is incomplete; fix or remove it, or run "
                "`stc anonymize --new-key` to start again"
            )
        category = row["category"]
        original = row["original"]
        mapping.rows[(row["style"], category, normalise(category, original))] = (
            original,
            row["pseudonym"],
        )
    return mapping


@dataclass(frozen=True)
class Original:
    """One thing to pseudonymize: its category, its text as first met, and (names) its kind."""

    category: str
    text: str
    kind: str = ""


class Pseudonymizer:
    """Gives every original of a corpus its pseudonym, deterministically from the key.

    Build it with every original the corpus holds (``assign``), then ask ``bare`` for the
    pseudonym without brackets. Names and places are numbered (or, with ``style: names``,
    names get a realistic name); other categories get their label alone (``Telefon``).
    """

    def __init__(
        self,
        key: bytes,
        language: str,
        style: str,
        names: NameIndex,
        lexicon: Lexicon,
        mapping: PseudonymMap | None = None,
        people: Iterable[str] = (),
    ) -> None:
        self.key = key
        people = list(people)
        self.aliases = person_aliases(people)
        # A listed person's pseudonym is recorded in the mapping under the name as listed.
        self.listed = {normalise("name", entry): entry for entry in people}
        self.language = language
        self.style = style
        self.labels = LABELS.get(language, LABELS["en"])
        self.names = names
        self.lexicon = lexicon
        self.mapping = mapping or PseudonymMap()
        self._pools: dict[str, list[str]] = {}

    def _known_as(self, category: str, text: str) -> str:
        """The normalised form an original's pseudonym is keyed by: a listed person's first
        name or surname alone is known as the full name (``person_aliases``), unless the
        mapping already gives it a pseudonym of its own (a key made before): pseudonyms never
        change, or decisions on the pseudonymized text would lose their units."""
        norm = normalise(category, text)
        if category != "name" or norm not in self.aliases:
            return norm
        if (self._style(category), category, norm) in self.mapping.rows:
            return norm
        return self.aliases[norm]

    def _style(self, category: str) -> str:
        return self.style if category == "name" else "numbered"

    def assign(self, originals: Iterable[Original]) -> None:
        """Give each new original of a numbered category its pseudonym."""
        new: dict[tuple[str, str], Original] = {}
        taken_words: set[str] = set()
        for original in originals:
            if original.category not in NUMBERED:
                continue
            norm = self._known_as(original.category, original.text)
            taken_words.add(normalise(original.category, original.text))
            key = (self._style(original.category), original.category, norm)
            if key not in self.mapping.rows and (original.category, norm) not in new:
                new[(original.category, norm)] = original
        for _, _, norm in self.mapping.rows:
            taken_words.add(norm)
        used: dict[tuple[str, str], set[str]] = {}
        highest: dict[tuple[str, str], int] = {}
        for (style, category, _), (_, pseudonym) in self.mapping.rows.items():
            used.setdefault((style, category), set()).add(pseudonym.casefold())
            highest[(style, category)] = max(
                highest.get((style, category), 0), _order(pseudonym)[0]
            )
        ordered = sorted(new.items(), key=lambda item: digest(self.key, *item[0]))
        for (category, norm), original in ordered:
            style = self._style(category)
            chosen: str | None = None
            if style == "names":
                in_use = used.setdefault((style, category), set())
                chosen = self._realistic(original, norm, in_use, taken_words)
            if chosen is None:
                number = highest.get((style, category), 0) + 1
                highest[(style, category)] = number
                chosen = f"{self.labels[category]} {number}"
            used.setdefault((style, category), set()).add(chosen.casefold())
            text = original.text
            if category == "name" and norm != normalise(category, text):
                text = self.listed[norm]  # "Kari" alone is the listed "Kari Nordmann"
            self.mapping.rows[(style, category, norm)] = (text, chosen)

    def _realistic(
        self, original: Original, norm: str, used: set[str], originals: set[str]
    ) -> str | None:
        """A name from the list by HMAC, unused, not a common word, not a name in the corpus."""
        kind = original.kind or "first"
        if kind not in self._pools:
            self._pools[kind] = [
                n for n in self.names.pool(self.language, kind) if not self.lexicon.is_common(n)
            ]
        pool = [
            name
            for name in self._pools[kind]
            if name.casefold() not in used and name.casefold() not in originals
        ]
        if not pool:
            return None
        index = int(digest(self.key, "names", original.kind, norm)[:16], 16) % len(pool)
        return pool[index]

    def bare(self, category: str, text: str) -> str:
        """The pseudonym without brackets: ``Navn 1``, ``Sofie``, ``Telefon``."""
        if category in NUMBERED:
            key = (self._style(category), category, self._known_as(category, text))
            found = self.mapping.rows.get(key)
            if found is None:
                raise KeyError(f"no pseudonym assigned for a {category}")
            return found[1]
        return self.labels[category]

    def replacement(self, category: str, text: str, bare: bool) -> str:
        """What replaces an original in running text: ``[Navn 1]``, or bare in labels/YAML.

        Realistic names stand without brackets: they read as names.
        """
        pseudonym = self.bare(category, text)
        realistic = category == "name" and not _is_label(pseudonym, self.labels)
        if bare or realistic:
            return pseudonym
        return f"[{pseudonym}]"


def person_aliases(people: Iterable[str]) -> dict[str, str]:
    """Per first name or surname of a full name in ``anonymize.people``, the full name's
    normalised form: "Kari" and "Nordmann" said alone are the "Kari Nordmann" listed, one
    person with one pseudonym. A part two listed people share, or one listed alone as a
    person of its own, stays its own name."""
    listed = {normalise("name", entry) for entry in people}
    owners: dict[str, set[str]] = {}
    for full in listed:
        if len(full.replace("-", " ").split()) < 2:
            continue
        # "Anne-Lise Nordmann": "Anne-Lise" (one name, as detection reads it), "Anne",
        # "Lise" and "Nordmann".
        parts = full.split()
        parts += [piece for part in parts if "-" in part for piece in part.split("-")]
        for part in parts:
            word = part.strip(".,;:!?\"'()")
            if word and word not in listed:
                owners.setdefault(word, set()).add(full)
    return {word: next(iter(fulls)) for word, fulls in owners.items() if len(fulls) == 1}


def _is_label(pseudonym: str, labels: Mapping[str, str]) -> bool:
    return pseudonym.rsplit(" ", 1)[0] in labels.values()
