"""Plain-text and Markdown transcripts: encoding, front matter, speaker turns.

A line that opens with an optional timestamp and a speaker label (up to 40 characters, then
``:``) starts a turn; following lines without a label continue it. A transcript with no
labels is one participant's text.
"""

from __future__ import annotations

import bisect
import codecs
import datetime
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, NoReturn

from stc.errors import TranscriptError
from stc.readers.dates import BIRTH, DATE_FIELDS, dates_in, parse_date
from stc.types import Role, Transcript, Turn
from stc.yamlio import parse_yaml, parse_yaml_strings

log = logging.getLogger("stc")

_TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
LABEL_LINE = re.compile(
    r"^[ \t]*(?:(?P<ts>\[" + _TIMESTAMP + r"\]|\(" + _TIMESTAMP + r"\)|" + _TIMESTAMP + r")[ \t]*)?"
    r"(?:\*\*|__)?(?P<label>[^\W\d_][\w.'()\[\]/\- \u00a0\u202f]{0,39}?)(?:\*\*|__)?"
    r"[ \t\u00a0\u202f]*:(?:\*\*|__)?(?=[ \t\u00a0]|$)[ \t]*"
)
# A known label followed by details in brackets with more than a label holds ("Informant 4
# (kvinne, 34 år):"), which LABEL_LINE does not read as a label.
DETAILED_LABEL = re.compile(
    r"^[ \t]*(?P<label>[^\W\d_][\w.' \u00a0-]{0,39}?)[ \t]*\([^()\n]{1,60}\)[ \t]*:(?=[ \t]|$)"
)
BRACKETED_DETAIL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
BRACKETED_TIMESTAMP = re.compile(
    r"^[ \t]*(?:\[" + _TIMESTAMP + r"\]|\(" + _TIMESTAMP + r"\))[ \t]*"
)
# f4transkript's timestamps ("#00:07:00-0#"), at a line's end or on a line of their own.
F4_STAMP = re.compile(r"#(?P<f4>\d{1,2}:\d{2}:\d{2})(?:[-.,]\d{1,2})?#")
# A timestamp alone on its line ("00:01:02", "[00:01:02]"): the time of the turn below it.
# Without brackets it has seconds: "10:30" alone is a time someone said.
_STAMP_ALONE = "|".join(
    (
        r"\[" + _TIMESTAMP + r"\]",
        r"\(" + _TIMESTAMP + r"\)",
        r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?",
        F4_STAMP.pattern.replace("(?P<f4>", "(?:"),
    )
)
TIMESTAMP_LINE = re.compile(r"^[ \t]*(?P<ts>" + _STAMP_ALONE + r")[ \t]*$")
ID_PATTERN = re.compile(r"[\w.-]+")
FRONT_MATTER_KEYS = ("id", "attributes")


# Legacy encodings a Nordic or English researcher's files come in, most likely first.
LEGACY = ["cp1252", "iso8859_15", "mac_roman", "cp865", "cp850"]
# Letters of nb/nn/da/sv/en/de text: a right decoding is made of these, a wrong one of symbols.
_LETTERS = set("abcdefghijklmnopqrstuvwxyzæøåäöüéèêàáóòôíìúßABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄÖÜÉÈ")
# Letters of borrowed words and names ("Zoë", "façade", "naïve"): text, but rarer, so they
# weigh half a letter, and a Nordic "æ" still outweighs the "ë" a wrong code page makes of it.
_RARER = set("ëïçâîûñÊÀÁÓÒÔÍÚËÏÇ")
# Signs of everyday text that the legacy code pages give their own bytes (£5, 38°, 20€, ½).
_SIGNS = set("£€°½¼¾§")
# Punctuation.
_PLAIN = set(" \t\n\r.,;:!?-'\"()[]/0123456789")
# Typographic quotes and dashes, which word processors put in every text: the bytes Windows
# (cp1252) gives them are accented letters in Mac Roman ("I\u2019m" would read "Iím"), so they
# count for more than a letter.
_TYPOGRAPHIC = set("«»\u2013\u2014\u2026\u2018\u2019\u201c\u201d")


def _plausibility(text: str) -> int:
    """How much ``text`` reads as text, in half points: a letter or a sign 2, a rarer letter
    1, a typographic quote where one can stand 4, punctuation 0, anything else -6."""
    score = 0
    for i, ch in enumerate(text):
        if ch in _TYPOGRAPHIC:
            # A quote mark or dash stands beside a word, not inside one: "h\u201dre" is a DOS
            # "höre" read as Windows. Only an apostrophe stands between letters ("don\u2019t").
            inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
            score += -6 if inside and ch != "\u2019" else 4
        elif ch in _LETTERS or ch in _SIGNS:
            score += 2
        elif ch in _RARER:
            score += 1
        else:
            score += 0 if ch in _PLAIN else -6
    return score


def _mostly_letters(text: str) -> bool:
    """Whether at least half the non-ASCII characters are letters (or typographic quotes and
    dashes, or signs such as £ and °).

    Some code pages map every byte, so any file "decodes"; a decoding made of symbols and
    box-drawing characters is no text, and the file is reported as undecodable instead.
    """
    beyond_ascii = [ch for ch in text if ord(ch) > 127]
    text_like = _LETTERS | _RARER | _TYPOGRAPHIC | _SIGNS
    return 2 * sum(ch in text_like for ch in beyond_ascii) >= len(beyond_ascii)


def _detect_legacy(data: bytes) -> tuple[str, str] | None:
    """The most plausible legacy decoding among charset-normalizer's western candidates.

    charset-normalizer's own ranking often picks a Central-European or Asian code page for
    short Nordic texts; re-ranking its candidates by how many characters are ordinary
    letters (ties go to the likelier encoding) gets æøå and äö right.
    """
    import charset_normalizer

    found = {m.encoding for m in charset_normalizer.from_bytes(data, cp_isolation=LEGACY)}
    best: tuple[int, int, str, str] | None = None
    for rank, encoding in enumerate(LEGACY):
        if encoding not in found and encoding != "cp1252":
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _mostly_letters(text):
            continue
        candidate = (_plausibility(text), -rank, encoding, text)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return (best[3], best[2]) if best else None


# A run of bytes that are not UTF-8, as ``surrogateescape`` keeps them (one character a byte).
_STRAY = re.compile("[\udc80-\udcff]+")


def _mostly_utf8(data: bytes, path: Path) -> str | None:
    """A UTF-8 file with a few Windows (cp1252) bytes in it, decoded, or None.

    Text pasted from an old Windows file into a UTF-8 one brings its own bytes for ’, – or
    æ. Read as Windows, the whole file would lose its UTF-8 letters ("Ã¥" for "å"), so where
    the file holds more UTF-8 letters than stray bytes, only the stray bytes are read as
    Windows characters, with a warning naming their lines.
    """
    text = data.decode("utf-8", "surrogateescape")
    strays = list(_STRAY.finditer(text))
    stray_bytes = sum(len(m.group()) for m in strays)
    utf8_letters = sum(1 for ch in text if ord(ch) > 127) - stray_bytes
    if utf8_letters <= stray_bytes:
        return None
    try:
        pieces = [bytes(ord(ch) - 0xDC00 for ch in m.group()).decode("cp1252") for m in strays]
    except UnicodeDecodeError:  # a byte Windows does not use either: no pasted Windows text
        return None
    # Line numbers as the text will count them, every break (\r\n, \r, \n) read once.
    breaks = [m.start() for m in re.finditer(r"\r\n|\r|\n", text)]
    lines = sorted({bisect.bisect_left(breaks, m.start()) + 1 for m in strays})
    shown = ", ".join(str(n) for n in lines[:5]) + (
        f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    )
    log.warning(
        f"{path}: not all UTF-8; {stray_bytes} byte{'s' if stray_bytes > 1 else ''} on "
        f"line{'s' if len(lines) > 1 else ''} {shown} read as Windows (cp1252) characters "
        f"({' '.join(dict.fromkeys(pieces))}). Check {'them' if len(lines) > 1 else 'it'} "
        "and save the file as UTF-8"
    )
    it = iter(pieces)
    return _STRAY.sub(lambda _: next(it), text)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode transcript bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else
    detect.

    Legacy files (Windows cp1252, Latin-9, Mac Roman, DOS code pages) are detected with a
    warning naming the encoding used; bytes that no candidate decodes are an error.
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Checked before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
        candidates = ["utf-32"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        raise TranscriptError(
            f"{path}: looks like a binary file, not a text transcript; "
            "export it as plain text (.txt, UTF-8)"
        )
    else:
        candidates = ["utf-8"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    if candidates == ["utf-8-sig"] and (mixed := _mostly_utf8(data[3:], path)):
        return mixed, "utf-8-sig"
    if candidates == ["utf-8"] and (mixed := _mostly_utf8(data, path)):
        return mixed, "utf-8"
    if candidates == ["utf-8"] and (detected := _detect_legacy(data)):
        text, encoding = detected
        log.warning(f"{path}: not UTF-8; read as {encoding} (detected). Save it as UTF-8")
        return text, encoding
    raise TranscriptError(
        f"{path}: cannot be decoded as {' or '.join(candidates)} or a legacy encoding; "
        "save it as UTF-8 text"
    )


# Characters nobody sees that open a line: a byte order mark left where two files were joined,
# zero-width spaces and joiners from a word processor. Before a speaker label they hid it, and
# the line was read as the previous speaker's.
INVISIBLE_AT_START = re.compile(r"^[\ufeff\u200b\u200c\u200d\u2060]+", re.M)


def normalise(text: str) -> str:
    """LF line endings, composed characters (NFC), and no invisible characters opening a line,
    so offsets mean the same everywhere and a label is seen as one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return INVISIBLE_AT_START.sub("", unicodedata.normalize("NFC", text))


def slug(value: str) -> str:
    """A file stem or speaker label as an id: lower case, spaces to hyphens."""
    value = re.sub(r"\s+", "-", value.strip().lower())
    value = re.sub(r"[^\w.-]", "", value)
    return value or "x"


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    """The front matter mapping and the offset where the body starts (0 when there is none)."""
    if not text.startswith("---\n"):
        return {}, 0
    end_match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 4)
    if end_match is None:
        raise TranscriptError(
            f"{path}: front matter opened with '---' on line 1 is never closed; "
            "add a line with '---' after it"
        )
    data = parse_yaml(text[4 : end_match.start()], f"{path} (front matter)", TranscriptError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TranscriptError(f"{path}: front matter must be key: value lines (id, attributes)")
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            raise TranscriptError(
                f"{path}: front matter has unknown key '{key}'; valid keys: "
                + ", ".join(FRONT_MATTER_KEYS)
            )
    body = end_match.end() + 1 if end_match.end() < len(text) else end_match.end()
    return data, body


# Formats that hold their own front matter; the others (Word, OpenDocument, subtitles) keep it
# in a file beside them, named after the transcript: ``informant-8.vtt.yaml``.
PLAIN_FORMATS = (".txt", ".md")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def sidecar_path(path: Path) -> Path:
    """Where the front matter of a transcript in a format that cannot hold it lives."""
    return path.with_name(f"{path.name}.yaml")


def sidecar_front_matter(path: Path) -> str:
    """The front matter of ``path`` from its sidecar file (``sidecar_path``), as front matter
    text to put before the transcript's text; "" when there is none. Its keys are checked as
    a .txt file's are, and errors name the sidecar."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return ""
    if path.suffix.lower() in PLAIN_FORMATS:
        raise TranscriptError(
            f"{sidecar}: a {path.suffix} transcript keeps its id and attributes in its own front "
            f"matter; move them into {path.name} (between '---' lines) and delete this file"
        )
    raw, _ = decode(read_bytes(sidecar), sidecar)
    raw = normalise(raw).lstrip("\ufeff").strip("\n")
    if _FRONT_MATTER_END.search(raw):
        raise TranscriptError(
            f"{sidecar}: holds a '---' or '...' line; write only the keys (id, attributes), "
            "one per line"
        )
    block = f"---\n{raw}\n---\n"
    split_front_matter(block, sidecar)  # its keys, checked; errors name the sidecar
    return block


# How a sentence of speech ends, where a heading's value ("14 March 2024") does not.
SPEECH_ENDS = (".", "?", "!", "\u2026", '"', "\u201d", "\u00bb", ")")

# The fields of a transcript's heading, in stc's languages (nb, nn, da, sv, en, de): before the
# first turn, a line opening with one is the heading's, sentence or not ("Tema: Hvordan
# pasienter opplever ventetid.").
HEADING_FIELDS = frozenset(
    field
    for fields in (
        # nb, nn
        "alder|kjønn|yrke|dato|tid|tidspunkt|klokkeslett|sted|stad|plass|tema|emne|varighet|"
        "varigheit|lengde|lengd|prosjekt|fil|lydfil|filnavn|opptak|intervjudato|transkribent|"
        "transkribert av|transkribert",
        # da
        "køn|erhverv|tidspunkt|sted|emne|varighed|projekt|fil|lydfil|optagelse|interviewdato|"
        "transskribent|transskriberet af",
        # sv
        "ålder|kön|datum|tid|plats|ämne|tema|längd|projekt|fil|ljudfil|filnamn|inspelning|"
        "intervjudatum|transkriberare|transkriberad av",
        # en
        "age|gender|sex|occupation|date|time|place|location|venue|topic|theme|duration|"
        "project|file|file name|filename|audio file|recording|interview date|transcriber|"
        "transcribed by",
        # de
        "alter|geschlecht|beruf|datum|zeit|uhrzeit|ort|thema|dauer|projekt|datei|aufnahme|"
        "interviewdatum|transkribiert von",
    )
    for field in fields.split("|")
)
# A transcriber's note, anywhere in a transcript ("Merknad: opptaket stoppet her"): nobody's
# words, and no speaker however often it is used. A note inside a turn is blanked in it.
NOTE_LABELS = frozenset(
    label
    for labels in (
        "merknad|merknader|kommentar|notat|anmerkning|anm|obs|transkribentens merknad",  # nb, nn
        "bemærkning|kommentar|notat|note|transskribentens kommentar",  # da
        "anmärkning|kommentar|notering|anteckning|obs|transkriberarens kommentar",  # sv
        "note|notes|comment|transcriber's note|transcriber note",  # en
        "anmerkung|notiz|hinweis|kommentar",  # de
    )
    for label in labels.split("|")
)
# A heading's value that names, not says: an id with a digit ("P3", "Informant 4"), initials
# ("JH", "K.N."), or details with a number after a comma ("Kvinne, 54 år").
_NAMING_VALUE = re.compile(
    r"^(?:[^\W\d_][\w.-]*\d[\w.-]*|[^\W\d_][\w.-]* \d+"
    r"|(?:[A-Z\u00c6\u00d8\u00c5\u00c4\u00d6\u00dc]\.?){2,4}"
    r"|[^,\n]{1,30},[^\n]{0,40}\d[^\n]{0,40})$"
)
# Words in capitals that answer, not name ("I: OK", "P1: JA").
_NOT_INITIALS = frozenset(
    {"OK", "JA", "JO", "NEI", "NEJ", "NO", "YES", "MM", "HM", "AH", "OH", "EH"}
)
# A full name after a speaker's label ("Intervjuare: Anna Svensson"): two or three words in
# capitals, no sentence.
_FULL_NAME = re.compile(
    r"^[A-Z\u00c6\u00d8\u00c5\u00c4\u00d6\u00dc][\w'-]*"
    r"(?: [A-Z\u00c6\u00d8\u00c5\u00c4\u00d6\u00dc][\w'-]*){1,2}$"
)


def _names(value: str) -> bool:
    """Whether a heading line's value names someone rather than says something."""
    if value.strip(".").upper() in _NOT_INITIALS:
        return False
    return bool(_NAMING_VALUE.match(value))


def _field(label: str) -> str:
    """A label as the field lists hold it: without details in brackets, case folded."""
    return BRACKETED_DETAIL.sub("", label).strip().casefold()


def _is_interviewer(label: str, interviewer: Sequence[str]) -> bool:
    """Whether ``label`` is one of the interviewer's, also with the interviewer's initials
    or a note after it ("Interviewer (JH)", "Interviewer [JH]", "Interviewer/JH"), which made
    the questions a participant's."""
    wanted = {i.casefold() for i in interviewer}
    bare = BRACKETED_DETAIL.sub("", label).split("/")[0].strip()  # "Interviewer/JH"
    return label.casefold() in wanted or bare.casefold() in wanted


def _opens_speech(rest: str) -> bool:
    """Whether text after a colon starts a new utterance (a capital, or no letter at all)."""
    stripped = rest.lstrip()
    return not stripped or not stripped[0].isalpha() or stripped[0].isupper()


def _accepted_labels(
    counts: Counter[str], interviewer: Sequence[str], known: Collection[str] = ()
) -> set[str]:
    """Which label-like line openings are speakers, whatever their place in the transcript.

    A sentence such as ``Kort sagt: …`` or ``Altså: …`` looks like a label. A label is a
    speaker when the file's structure says so (``known``: a bold run, a table column, a voice
    tag), when it is an interviewer label, when it is used more than once, when it holds a
    digit (``Informant 3``) or when it is a short abbreviation (``A``, ``IP``). A one-off
    opening may still be a speaker when it answers an interviewer's turn or when a capital
    follows the colon (see ``parse_turns``).
    """
    return {
        label
        for label, n in counts.items()
        if label in known
        or _is_interviewer(label, interviewer)
        or n >= 2
        or any(ch.isdigit() for ch in label)
        or len(label) <= 3
    }


def _stamp_time(stamp: str) -> str:
    """A timestamp as a turn keeps it: "00:07:00" from "[00:07:00]" or "#00:07:00-0#"."""
    f4 = F4_STAMP.fullmatch(stamp.strip())
    return f4.group("f4") if f4 else stamp.strip("[]()")


def _heading(
    lines: Sequence[tuple[int, str]],
    openings: Sequence[tuple[int, re.Match[str] | None]],
    counts: Counter[str],
    interviewer: Sequence[str],
    dialogue: bool,
    notes: Collection[int],
    known: Collection[str],
) -> set[int]:
    """The lines of the heading that opens a transcript, before its first turn: nobody's words.

    The heading is the run of label lines at the top, before any other text, whose values are
    not sentences. It is a heading when one of its lines is a field such as "Dato:" or
    "Tema:" (sentence or not), a note, or, in a dialogue, a label used once ("Age: 54", "Ward
    2: medical"); or when two of its lines name rather than say ("Intervjuer: JH",
    "Informant: P3"). A speaker's label (the interviewer's, one used again, one the file's
    structure marks, unless it is a field) is the heading's only where its value names: an
    id, initials, or, in a heading with a field, a full name ("Intervjuare: Anna Svensson").
    The run ends at a label with nothing after it (a turn whose words begin below), at a
    label's second line, at a line that says something, and at other text. (Once a turn has
    begun, a label used once may be a participant answering it; "Kari: Jeg var redd." is
    Kari's.)
    """
    block: list[int] = []
    anchored = False
    naming = 0
    named: list[int] = []  # full names, the heading's only if a field anchors it
    seen: set[str] = set()
    for index, ((_, raw), (_, match)) in enumerate(zip(lines, openings, strict=True)):
        if index in notes:
            block.append(index)
            anchored = True
            continue
        if match is None:
            if raw.strip() and (block or named or not counts):
                break  # text: the heading, if any, has ended (or the transcript has no labels)
            continue  # a blank line, or a title above the heading
        label = " ".join(match.group("label").split())
        value = raw[match.end() :].strip()
        if not value:
            break  # "Intervjuer:" alone on its line: a turn whose words begin below
        if label in seen:
            break  # a label's second line: a heading names each once, a dialogue goes on
        seen.add(label)
        field = _field(label) in HEADING_FIELDS
        speaker = (
            _is_interviewer(label, interviewer)
            or counts[label] >= 2
            or (label in known and not field)  # a bold "Dato:" is a field all the same
        )
        said = value.endswith(SPEECH_ENDS)
        if field and not speaker:
            anchored = True
        elif speaker and not said and _names(value):
            naming += 1
        elif speaker and not said and _FULL_NAME.match(value):
            named.append(index)
            continue
        elif not speaker and dialogue and not said:
            anchored = True  # a label used once with a value ("Alder: 54")
        else:
            break
        block.append(index)
    if anchored:
        return set(block + named)
    return set(block) if naming >= 2 else set()


def parse_turns(
    text: str,
    body_start: int,
    transcript_id: str,
    interviewer: Sequence[str],
    known: Collection[str] = (),
) -> tuple[Turn, ...]:
    """Split the body into turns with offsets into ``text``."""
    lines: list[tuple[int, str]] = []
    offset = body_start
    for raw in text[body_start:].split("\n"):
        lines.append((offset, raw))
        offset += len(raw) + 1

    openings: list[tuple[int, re.Match[str] | None]] = []
    counts: Counter[str] = Counter()
    notes: dict[int, str] = {}  # a transcriber's note line → its label
    for index, (start, raw) in enumerate(lines):
        match = LABEL_LINE.match(raw)
        if match and len(match.group("label").split()) > 4:
            match = None
        if match and _field(match.group("label")) in NOTE_LABELS:
            noted = " ".join(match.group("label").split())
            if noted not in known:  # not a speaker the file's structure marks (bold, a tag)
                notes[index] = noted
                match = None
        if match:
            counts[" ".join(match.group("label").split())] += 1
        openings.append((start, match))
    speakers = _accepted_labels(counts, interviewer, known)
    line_number_of_body = text.count("\n", 0, body_start) + 1

    # Each turn: (label, timestamp, content start, list of (line start, raw line, content start)).
    raw_turns: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    # An interviewer, or a participant who speaks more than once: the transcript is a
    # dialogue, and what stands before its first turn is a heading.
    dialogue = any(n >= 2 or _is_interviewer(lb, interviewer) for lb, n in counts.items())
    heading = _heading(lines, openings, counts, interviewer, dialogue, notes, known)
    waiting: str | None = None  # a timestamp on a line of its own, for the turn below it
    for index, ((start, raw), (_, match)) in enumerate(zip(lines, openings, strict=True)):
        if index in heading:
            continue
        stamp = None if match else TIMESTAMP_LINE.match(raw)
        if index in notes or stamp:
            if current is not None:  # blanked in the turn it stands in, which it does not end
                current["lines"].append((start, raw, start + len(raw)))
                current["masked"].append((start, start + len(raw.rstrip())))
            waiting = _stamp_time(stamp.group("ts")) if stamp else waiting
            continue
        # A no-break space inside a label ("Informant\u00a01") is a space.
        label = " ".join(match.group("label").split()) if match else None
        if (
            match
            and label
            and current is None
            and counts[label] == 1
            and not _is_interviewer(label, interviewer)
            and (
                _field(label) in HEADING_FIELDS
                or (dialogue and not raw[match.end() :].rstrip().endswith(SPEECH_ENDS))
            )
        ):
            # Before the first turn, outside the heading's run (after a title or a
            # paragraph), a field or a label used once with a value is still nobody's.
            match = label = None
        if (
            match
            and label
            and label not in speakers
            and (
                (current is not None and _is_interviewer(current["label"], interviewer))
                or _opens_speech(raw[match.end() :])
            )
        ):
            # A one-off name is a speaker when it answers the interviewer, or when what follows
            # the colon opens a sentence: "Bjørn: Gruppa var fin." but "Altså: jeg følte …".
            speakers.add(label)
        elif match and label and label not in speakers:
            log.warning(
                f"{transcript_id}: line {line_number_of_body + index}: '{label}:' is read as "
                "text, not as a speaker label (it appears once)"
            )
        elif not match and (detailed := DETAILED_LABEL.match(raw)) is not None:
            # "Informant 4 (kvinne, 34 år): …": a label with details is no label, and the line
            # would go on the previous speaker's turn.
            name = " ".join(detailed.group("label").split())
            if name in speakers:
                log.warning(
                    f"{transcript_id}: line {line_number_of_body + index}: "
                    f"'{detailed.group(0).strip()}' is read as the previous speaker's words, "
                    f"not as {name}'s: write '{name}:' alone, and details such as age in the "
                    "front matter's attributes"
                )
        if match and label in speakers:
            current = {
                "label": label,
                "timestamp": _stamp_time(match.group("ts") or "") or waiting,
                "lines": [(start, raw, start + match.end())],
                "masked": [],
            }
            raw_turns.append(current)
            waiting = None
        elif current is not None:
            ts = BRACKETED_TIMESTAMP.match(raw)
            if ts and raw[ts.end() :].strip():
                current["masked"].append((start, start + ts.end()))
            current["lines"].append((start, raw, start))
        elif not speakers:
            current = {"label": "", "timestamp": None, "lines": [(start, raw, start)], "masked": []}
            raw_turns.append(current)
        if current is not None and "#" in raw:
            # f4's stamps within the line are no words ("… sa jeg. #00:01:23-4#").
            current["masked"].extend(
                (start + m.start(), start + m.end()) for m in F4_STAMP.finditer(raw)
            )
        # Lines before the first label (a heading, a date) belong to no turn.
        if raw.strip():
            waiting = None  # a time the speaker's words go on after: it was theirs

    said_notes: dict[str, list[int]] = {}
    for index, label in sorted(notes.items()):
        said_notes.setdefault(label, []).append(line_number_of_body + index)
    for label, numbers in said_notes.items():
        where = ", ".join(map(str, numbers[:5])) + (" …" if len(numbers) > 5 else "")
        log.warning(
            f"{transcript_id}: '{label}:' (line{'s' if len(numbers) > 1 else ''} {where}) is "
            "read as a transcriber's note, nobody's words; if it is a speaker, give them "
            "another label"
        )
    participant_labels = {
        t["label"] for t in raw_turns if t["label"] and not _is_interviewer(t["label"], interviewer)
    }
    single = len(participant_labels) <= 1
    for label in sorted(participant_labels):
        # "Informant 4 (kvinne):" beside "Informant 4:" makes two participants of one.
        base = BRACKETED_DETAIL.sub("", label)
        if base != label and base in participant_labels:
            log.warning(
                f"{transcript_id}: '{label}:' and '{base}:' are read as two participants; if "
                f"they are one, write '{base}:' alone, and details such as age in the front "
                "matter's attributes"
            )

    def participant_id(label: str) -> str:
        return transcript_id if single else f"{transcript_id}/{slug(label)}"

    turns: list[Turn] = []
    line_index = {start: i for i, (start, _) in enumerate(lines)}
    for item in raw_turns:
        content_lines = item["lines"]
        first_start = content_lines[0][2]
        last_end = first_start
        for line_start, raw, content_start in content_lines:
            if raw[content_start - line_start :].strip():
                last_end = line_start + len(raw.rstrip())
        # Skip leading white space of the content.
        begin = first_start
        while begin < last_end and text[begin].isspace():
            begin += 1
        label = item["label"]
        if not label and begin >= last_end:
            continue  # an empty transcript (or blank lines alone): nobody, not a participant
        role: Role = (
            "interviewer" if label and _is_interviewer(label, interviewer) else "participant"
        )
        masked = tuple((a, b) for a, b in item["masked"] if a >= begin and b <= last_end)
        turns.append(
            Turn(
                index=len(turns) + 1,
                speaker=label,
                role=role,
                participant="" if role == "interviewer" else participant_id(label),
                start=begin,
                end=max(begin, last_end),
                line=line_number_of_body + line_index[content_lines[0][0]],
                timestamp=item["timestamp"],
                masked=masked,
            )
        )
    return tuple(turns)


def _literal_id(text: str) -> str:
    """The front matter's ``id`` exactly as written: YAML would read ``010`` as the number 8."""
    end = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 4)
    raw = parse_yaml_strings(text[4 : end.start() if end else len(text)], "", TranscriptError)
    value = raw.get("id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else ""


def transcript_from_text(
    text: str,
    path: Path,
    interviewer: Sequence[str] = (),
    encoding: str = "utf-8",
    known: Collection[str] = (),
) -> Transcript:
    """A transcript from decoded text in the plain format; every reader ends here.

    ``known`` lists speaker labels the file's structure marks as such. A format without front
    matter takes it from its sidecar file (``sidecar_front_matter``), put before its text.
    """
    if len(text) > MAX_CHARS:  # a Word or OpenDocument file's text, or decoded text
        _too_long(path, f"{len(text) / 1_000_000:.1f} million characters")
    text = normalise(text)
    sidecar = sidecar_front_matter(path)
    if sidecar and text.startswith("---\n"):
        raise TranscriptError(
            f"{sidecar_path(path)}: {path.name} opens with front matter of its own; keep one of "
            "the two"
        )
    text = sidecar + text
    front, body_start = split_front_matter(text, path)
    where = sidecar_path(path) if sidecar else path  # the file the front matter is in
    transcript_id = _literal_id(text) if "id" in front else slug(path.stem)
    if not ID_PATTERN.fullmatch(transcript_id):
        raise TranscriptError(
            f"{where}: [id] {transcript_id!r} is not a valid transcript id; use letters, digits, "
            "'-', '_' or '.' (no spaces or colons)"
        )
    attributes = front.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise TranscriptError(
            f"{where}: [attributes] must be a mapping such as {{alder: 34, gruppe: A}}"
        )
    turns = parse_turns(text, body_start, transcript_id, interviewer, known)
    attributes = {str(k): v for k, v in attributes.items()}
    if "date" not in attributes and (day := _heading_date(text, body_start, turns)):
        attributes["date"] = day
    return Transcript(
        id=transcript_id,
        path=path,
        text=text,
        turns=turns,
        attributes=attributes,
        encoding=encoding,
    )


def _heading_date(text: str, body_start: int, turns: Sequence[Turn]) -> datetime.date | None:
    """The interview's date in the heading above the first turn, as the front matter's
    ``date`` would give it: a date field's ("Dato: 14. mars 2024"), else the first date of the
    heading's other lines ("Fokusgrupp 1, 2024-04-15"), not a birth date; None when its lines
    give different dates."""
    end = turns[0].start if turns else len(text)
    lines = text[body_start:end].split("\n")
    others: set[datetime.date] = set()
    for line in lines:
        match = LABEL_LINE.match(line)
        if match and _field(match.group("label")) in DATE_FIELDS:
            day = parse_date(line[match.end() :])
            if day is not None:
                return day
        elif not match:
            # A title line's first date, not a birth date ("Kari (f. 14.05.1998)", "født 1965").
            days = [
                day
                for start, day in dates_in(line)
                if not BIRTH.search(line[max(0, start - 12) : start]) and day.year >= 1990
            ]
            others.update(days[:1])
    return others.pop() if len(others) == 1 else None


# The most text one transcript may hold: a three-hour interview is about 200,000 characters,
# so this is forty of them. Past it, a file is a corpus in one file or no transcript at all,
# and reading it would take minutes and gigabytes (memory grows about 100 times the text).
MAX_CHARS = 8_000_000


def read_bytes(path: Path) -> bytes:
    """A text transcript's bytes; one over twice ``MAX_CHARS`` (UTF-16) is refused before it
    is read."""
    try:
        size = path.stat().st_size
        if size > 2 * MAX_CHARS:
            _too_long(path, f"{size / 1_000_000:.1f} MB")
        return path.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot be read ({exc.strerror}); check the file") from None


def _too_long(path: Path, size: str) -> NoReturn:
    raise TranscriptError(
        f"{path}: {size}, more than stc reads in one transcript ({MAX_CHARS // 1_000_000} "
        "million characters, about forty long interviews); put each interview in a file of "
        "its own"
    )


def read_text_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read a .txt or .md transcript."""
    decoded, encoding = decode(read_bytes(path), path)
    return transcript_from_text(decoded, path, interviewer, encoding)
