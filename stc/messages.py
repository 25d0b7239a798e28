"""What the command line says, in the project's language (nb nn da sv en de), English fallback.

A message is a format string, or a pair (one, other) chosen by ``n``: "1 utkast", "2 utkast";
"1 draft", "2 drafts". Error lines stay in English: they name files and fields, and are what a
user searches for.
"""

from __future__ import annotations

Message = str | tuple[str, str]

MESSAGES: dict[str, dict[str, Message]] = {
    "en": {
        "code_summary": (
            "{n} meaning unit in {transcripts} transcripts; {share} of participant words in confirmed units",
            "{n} meaning units in {transcripts} transcripts; {share} of participant words in confirmed units",
        ),
        "reviewed": "{reviewed} of {units} units reviewed",
        "reviewed_by": "{reviewed} of {units} units reviewed by {coder}",
        "waiting": ("{n} suggestion waits", "{n} suggestions wait"),
        "wrote_files": ("Wrote {n} file to {folder}", "Wrote {n} files to {folder}"),
        "decisions_written": ("{n} decision written to {path}", "{n} decisions written to {path}"),
        "accepted_all": (
            "accepted {n} suggestion of {code} in {path}",
            "accepted {n} suggestions of {code} in {path}",
        ),
        "check_summary": "{transcripts} transcripts, {participants} participants, {groups} code groups, {codes} codes; {examples} examples and {counterexamples} counterexamples tested",
        "ok": "OK",
        "findings": "{categories} result categories, {quotes} golden quotes; {errors} validation errors, {warnings} warnings",
        "wrote_outputs": "Wrote the outputs and manifest.json to {folder}",
        "the_report": "The report: {path}",
        "open_hint": "(`stc run --open` opens it in your browser)",
        "reproduced": "Reproduced: every output matches {path}",
        "new_drafts": ("{n} new draft", "{n} new drafts"),
        "refreshed": ("{n} draft refreshed", "{n} drafts refreshed"),
        "unchanged": ("{n} draft unchanged", "{n} drafts unchanged"),
        "edited_kept": ("{n} edited entry kept", "{n} edited entries kept"),
        "stale": ("{n} stale", "{n} stale"),
        "moved_orphaned": ("{n} moved to orphaned", "{n} moved to orphaned"),
        "restored": ("{n} restored from orphaned", "{n} restored from orphaned"),
        "removed": (
            "{n} draft removed (its code has no units)",
            "{n} drafts removed (their code has no units)",
        ),
        "table_units": "Meaning units by code group and code",
        "table_review": "Review",
        "table_review_by": "Review by {coder}",
        "code_group": "code group / code",
        "suggested": "suggested",
        "accepted": "accepted",
        "added": "added",
        "rejected": "rejected",
        "participants": "participants",
        "dissent": "dissent",
        "total": "total",
        "next": "Next:\n  1. cd {folder}\n  2. put your transcripts in transcripts/ (.txt .md .docx .odt .vtt .srt); examples/example-1.txt shows the text format and is not analysed\n  3. write your preconceptions in preconceptions.md before you read them\n  4. stc check, then stc impression (step 1)",
    },
    "nb": {
        "code_summary": (
            "{n} meningsbærende enhet i {transcripts} transkripsjoner; {share} av informantenes ord i bekreftede enheter",
            "{n} meningsbærende enheter i {transcripts} transkripsjoner; {share} av informantenes ord i bekreftede enheter",
        ),
        "reviewed": "{reviewed} av {units} enheter gjennomgått",
        "reviewed_by": "{reviewed} av {units} enheter gjennomgått av {coder}",
        "waiting": ("{n} forslag venter", "{n} forslag venter"),
        "wrote_files": ("Skrev {n} fil til {folder}", "Skrev {n} filer til {folder}"),
        "decisions_written": (
            "{n} avgjørelse skrevet til {path}",
            "{n} avgjørelser skrevet til {path}",
        ),
        "accepted_all": (
            "godtok {n} forslag til {code} i {path}",
            "godtok {n} forslag til {code} i {path}",
        ),
        "check_summary": "{transcripts} transkripsjoner, {participants} informanter, {groups} kodegrupper, {codes} koder; {examples} eksempler og {counterexamples} moteksempler testet",
        "ok": "OK",
        "findings": "{categories} resultatkategorier, {quotes} gullsitater; {errors} valideringsfeil, {warnings} advarsler",
        "wrote_outputs": "Skrev resultatene og manifest.json til {folder}",
        "the_report": "Rapporten: {path}",
        "open_hint": "(`stc run --open` åpner den i nettleseren)",
        "reproduced": "Reprodusert: alle resultater stemmer med {path}",
        "new_drafts": ("{n} nytt utkast", "{n} nye utkast"),
        "refreshed": ("{n} utkast oppdatert", "{n} utkast oppdatert"),
        "unchanged": ("{n} utkast uendret", "{n} utkast uendret"),
        "edited_kept": ("{n} redigert oppføring beholdt", "{n} redigerte oppføringer beholdt"),
        "stale": ("{n} foreldet", "{n} foreldet"),
        "moved_orphaned": ("{n} flyttet til orphaned", "{n} flyttet til orphaned"),
        "restored": ("{n} hentet tilbake fra orphaned", "{n} hentet tilbake fra orphaned"),
        "removed": (
            "{n} utkast fjernet (koden har ingen enheter)",
            "{n} utkast fjernet (kodene har ingen enheter)",
        ),
        "table_units": "Meningsbærende enheter per kodegruppe og kode",
        "table_review": "Gjennomgang",
        "table_review_by": "Gjennomgang ved {coder}",
        "code_group": "kodegruppe / kode",
        "suggested": "foreslått",
        "accepted": "godtatt",
        "added": "lagt til",
        "rejected": "avvist",
        "participants": "informanter",
        "dissent": "motstemme",
        "total": "totalt",
        "next": "Neste:\n  1. cd {folder}\n  2. legg transkripsjonene i transcripts/ (.txt .md .docx .odt .vtt .srt); examples/example-1.txt viser tekstformatet og analyseres ikke\n  3. skriv forforståelsen din i preconceptions.md før du leser dem\n  4. stc check, så stc impression (trinn 1)",
    },
}
MESSAGES["nn"] = {
    **MESSAGES["nb"],
    "code_summary": (
        "{n} meiningsberande eining i {transcripts} transkripsjonar; {share} av orda til informantane i stadfesta einingar",
        "{n} meiningsberande einingar i {transcripts} transkripsjonar; {share} av orda til informantane i stadfesta einingar",
    ),
    "reviewed": "{reviewed} av {units} einingar gjennomgått",
    "reviewed_by": "{reviewed} av {units} einingar gjennomgått av {coder}",
    "decisions_written": ("{n} avgjerd skriven til {path}", "{n} avgjerder skrivne til {path}"),
    "check_summary": "{transcripts} transkripsjonar, {participants} informantar, {groups} kodegrupper, {codes} kodar; {examples} døme og {counterexamples} motdøme testa",
    "findings": "{categories} resultatkategoriar, {quotes} gullsitat; {errors} valideringsfeil, {warnings} åtvaringar",
    "wrote_outputs": "Skreiv resultata og manifest.json til {folder}",
    "edited_kept": (
        "{n} redigert oppføring teken vare på",
        "{n} redigerte oppføringar tekne vare på",
    ),
    "stale": ("{n} forelda", "{n} forelda"),
    "table_units": "Meiningsberande einingar per kodegruppe og kode",
    "participants": "informantar",
    "next": "Neste:\n  1. cd {folder}\n  2. legg transkripsjonane i transcripts/ (.txt .md .docx .odt .vtt .srt); examples/example-1.txt viser tekstformatet og vert ikkje analysert\n  3. skriv førforståinga di i preconceptions.md før du les dei\n  4. stc check, så stc impression (steg 1)",
}
MESSAGES["da"] = {
    **MESSAGES["nb"],
    "code_summary": (
        "{n} meningsbærende enhed i {transcripts} transskriptioner; {share} af informanternes ord i bekræftede enheder",
        "{n} meningsbærende enheder i {transcripts} transskriptioner; {share} af informanternes ord i bekræftede enheder",
    ),
    "reviewed": "{reviewed} af {units} enheder gennemgået",
    "reviewed_by": "{reviewed} af {units} enheder gennemgået af {coder}",
    "waiting": ("{n} forslag venter", "{n} forslag venter"),
    "wrote_files": ("Skrev {n} fil til {folder}", "Skrev {n} filer til {folder}"),
    "decisions_written": (
        "{n} beslutning skrevet til {path}",
        "{n} beslutninger skrevet til {path}",
    ),
    "accepted_all": (
        "godkendte {n} forslag til {code} i {path}",
        "godkendte {n} forslag til {code} i {path}",
    ),
    "check_summary": "{transcripts} transskriptioner, {participants} informanter, {groups} kodegrupper, {codes} koder; {examples} eksempler og {counterexamples} modeksempler testet",
    "findings": "{categories} resultatkategorier, {quotes} guldcitater; {errors} valideringsfejl, {warnings} advarsler",
    "wrote_outputs": "Skrev resultaterne og manifest.json til {folder}",
    "the_report": "Rapporten: {path}",
    "open_hint": "(`stc run --open` åbner den i browseren)",
    "reproduced": "Reproduceret: alle resultater stemmer med {path}",
    "new_drafts": ("{n} nyt udkast", "{n} nye udkast"),
    "refreshed": ("{n} udkast opdateret", "{n} udkast opdateret"),
    "unchanged": ("{n} udkast uændret", "{n} udkast uændret"),
    "edited_kept": ("{n} redigeret indgang bevaret", "{n} redigerede indgange bevaret"),
    "stale": ("{n} forældet", "{n} forældede"),
    "removed": (
        "{n} udkast fjernet (koden har ingen enheder)",
        "{n} udkast fjernet (koderne har ingen enheder)",
    ),
    "table_units": "Meningsbærende enheder per kodegruppe og kode",
    "table_review": "Gennemgang",
    "table_review_by": "Gennemgang ved {coder}",
    "suggested": "foreslået",
    "accepted": "godkendt",
    "added": "tilføjet",
    "rejected": "afvist",
    "dissent": "modstemme",
    "total": "i alt",
    "next": "Næste:\n  1. cd {folder}\n  2. læg transskriptionerne i transcripts/ (.txt .md .docx .odt .vtt .srt); examples/example-1.txt viser tekstformatet og analyseres ikke\n  3. skriv din forforståelse i preconceptions.md, før du læser dem\n  4. stc check, derefter stc impression (trin 1)",
}
MESSAGES["sv"] = {
    **MESSAGES["nb"],
    "code_summary": (
        "{n} meningsbärande enhet i {transcripts} transkriptioner; {share} av informanternas ord i bekräftade enheter",
        "{n} meningsbärande enheter i {transcripts} transkriptioner; {share} av informanternas ord i bekräftade enheter",
    ),
    "reviewed": "{reviewed} av {units} enheter granskade",
    "reviewed_by": "{reviewed} av {units} enheter granskade av {coder}",
    "waiting": ("{n} förslag väntar", "{n} förslag väntar"),
    "wrote_files": ("Skrev {n} fil till {folder}", "Skrev {n} filer till {folder}"),
    "decisions_written": ("{n} beslut skrivet till {path}", "{n} beslut skrivna till {path}"),
    "accepted_all": (
        "godkände {n} förslag till {code} i {path}",
        "godkände {n} förslag till {code} i {path}",
    ),
    "check_summary": "{transcripts} transkriptioner, {participants} informanter, {groups} kodgrupper, {codes} koder; {examples} exempel och {counterexamples} motexempel testade",
    "findings": "{categories} resultatkategorier, {quotes} guldcitat; {errors} valideringsfel, {warnings} varningar",
    "wrote_outputs": "Skrev resultaten och manifest.json till {folder}",
    "the_report": "Rapporten: {path}",
    "open_hint": "(`stc run --open` öppnar den i webbläsaren)",
    "reproduced": "Reproducerad: alla resultat stämmer med {path}",
    "new_drafts": ("{n} nytt utkast", "{n} nya utkast"),
    "refreshed": ("{n} utkast uppdaterat", "{n} utkast uppdaterade"),
    "unchanged": ("{n} utkast oförändrat", "{n} utkast oförändrade"),
    "edited_kept": ("{n} redigerad post behållen", "{n} redigerade poster behållna"),
    "stale": ("{n} inaktuell", "{n} inaktuella"),
    "removed": (
        "{n} utkast borttaget (koden har inga enheter)",
        "{n} utkast borttagna (koderna har inga enheter)",
    ),
    "table_units": "Meningsbärande enheter per kodgrupp och kod",
    "table_review": "Granskning",
    "table_review_by": "Granskning av {coder}",
    "code_group": "kodgrupp / kod",
    "suggested": "föreslagen",
    "accepted": "godkänd",
    "added": "tillagd",
    "rejected": "avvisad",
    "dissent": "motröst",
    "total": "totalt",
    "next": "Nästa:\n  1. cd {folder}\n  2. lägg transkriptionerna i transcripts/ (.txt .md .docx .odt .vtt .srt); examples/example-1.txt visar textformatet och analyseras inte\n  3. skriv din förförståelse i preconceptions.md innan du läser dem\n  4. stc check, sedan stc impression (steg 1)",
}
MESSAGES["de"] = {
    **MESSAGES["en"],
    "code_summary": (
        "{n} Sinneinheit in {transcripts} Transkripten; {share} der Wörter der Befragten in bestätigten Einheiten",
        "{n} Sinneinheiten in {transcripts} Transkripten; {share} der Wörter der Befragten in bestätigten Einheiten",
    ),
    "reviewed": "{reviewed} von {units} Einheiten geprüft",
    "reviewed_by": "{reviewed} von {units} Einheiten geprüft von {coder}",
    "waiting": ("{n} Vorschlag wartet", "{n} Vorschläge warten"),
    "wrote_files": ("{n} Datei nach {folder} geschrieben", "{n} Dateien nach {folder} geschrieben"),
    "decisions_written": ("{n} Entscheidung in {path} geschrieben", "{n} Entscheidungen in {path} geschrieben"),
    "accepted_all": ("{n} Vorschlag für {code} in {path} angenommen", "{n} Vorschläge für {code} in {path} angenommen"),
    "check_summary": "{transcripts} Transkripte, {participants} Befragte, {groups} Codegruppen, {codes} Codes; {examples} Beispiele und {counterexamples} Gegenbeispiele getestet",
    "findings": "{categories} Ergebniskategorien, {quotes} Schlüsselzitate; {errors} Validierungsfehler, {warnings} Warnungen",
    "wrote_outputs": "Ergebnisse und manifest.json nach {folder} geschrieben",
    "the_report": "Der Bericht: {path}",
    "open_hint": "(`stc run --open` öffnet ihn im Browser)",
    "reproduced": "Reproduziert: jedes Ergebnis stimmt mit {path} überein",
    "new_drafts": ("{n} neuer Entwurf", "{n} neue Entwürfe"),
    "refreshed": ("{n} Entwurf aktualisiert", "{n} Entwürfe aktualisiert"),
    "unchanged": ("{n} Entwurf unverändert", "{n} Entwürfe unverändert"),
    "edited_kept": ("{n} bearbeiteter Eintrag behalten", "{n} bearbeitete Einträge behalten"),
    "stale": ("{n} veraltet", "{n} veraltet"),
    "table_units": "Sinneinheiten nach Codegruppe und Code",
    "table_review": "Prüfung",
    "table_review_by": "Prüfung durch {coder}",
    "code_group": "Codegruppe / Code",
    "suggested": "vorgeschlagen",
    "accepted": "angenommen",
    "added": "hinzugefügt",
    "rejected": "abgelehnt",
    "participants": "Befragte",
    "dissent": "Gegenstimme",
    "total": "gesamt",
    "next": "Weiter:\n  1. cd {folder}\n  2. legen Sie die Transkripte in transcripts/ ab (.txt .md .docx .odt .vtt .srt); examples/example-1.txt zeigt das Textformat und wird nicht analysiert\n  3. schreiben Sie Ihr Vorverständnis in preconceptions.md, bevor Sie sie lesen\n  4. stc check, dann stc impression (Schritt 1)",
}  # fmt: skip


EXTRA: dict[str, dict[str, Message]] = {'en': {'impression_corpus': '{transcripts} transcripts, {participants} participants: {words} words said by participants, {interviewer} by the interviewer ({share} participant speech)', 'frequent': 'Frequent: {terms}', 'candidates': 'Candidate themes: prompts for reading, not findings', 'top_terms': 'top terms', 'sentences': 'sentences', 'no_candidates': 'No candidate themes: there is too little participant speech.', 'write_preconceptions': 'Write down your preconceptions in {path} before you read on (`stc init` creates a template).', 'wrote_names': 'Wrote {names} to {folder}', 'wrote_draft': 'Wrote the draft codebook to {path}'}, 'nb': {'impression_corpus': '{transcripts} transkripsjoner, {participants} informanter: {words} ord sagt av informantene, {interviewer} av intervjueren ({share} informanttale)', 'frequent': 'Hyppige: {terms}', 'candidates': 'Kandidattemaer: innganger til lesingen, ikke funn', 'top_terms': 'de viktigste ordene', 'sentences': 'setninger', 'no_candidates': 'Ingen kandidattemaer: informantene sier for lite.', 'write_preconceptions': 'Skriv ned forforståelsen din i {path} før du leser videre (`stc init` lager en mal).', 'wrote_names': 'Skrev {names} til {folder}', 'wrote_draft': 'Skrev utkastet til kodebok til {path}'}, 'nn': {'impression_corpus': '{transcripts} transkripsjonar, {participants} informantar: {words} ord sagde av informantane, {interviewer} av intervjuaren ({share} informanttale)', 'frequent': 'Hyppige: {terms}', 'candidates': 'Kandidattema: inngangar til lesinga, ikkje funn', 'top_terms': 'dei viktigaste orda', 'sentences': 'setningar', 'no_candidates': 'Ingen kandidattema: informantane seier for lite.', 'write_preconceptions': 'Skriv ned førforståinga di i {path} før du les vidare (`stc init` lagar ein mal).', 'wrote_names': 'Skreiv {names} til {folder}', 'wrote_draft': 'Skreiv utkastet til kodebok til {path}'}, 'da': {'impression_corpus': '{transcripts} transskriptioner, {participants} informanter: {words} ord sagt af informanterne, {interviewer} af intervieweren ({share} informanttale)', 'frequent': 'Hyppige: {terms}', 'candidates': 'Kandidattemaer: indgange til læsningen, ikke fund', 'top_terms': 'de vigtigste ord', 'sentences': 'sætninger', 'no_candidates': 'Ingen kandidattemaer: informanterne siger for lidt.', 'write_preconceptions': 'Skriv din forforståelse ned i {path}, før du læser videre (`stc init` laver en skabelon).', 'wrote_names': 'Skrev {names} til {folder}', 'wrote_draft': 'Skrev udkastet til kodebog til {path}'}, 'sv': {'impression_corpus': '{transcripts} transkriptioner, {participants} informanter: {words} ord sagda av informanterna, {interviewer} av intervjuaren ({share} informanttal)', 'frequent': 'Vanliga: {terms}', 'candidates': 'Kandidatteman: ingångar till läsningen, inte fynd', 'top_terms': 'de viktigaste orden', 'sentences': 'meningar', 'no_candidates': 'Inga kandidatteman: informanterna säger för lite.', 'write_preconceptions': 'Skriv ner din förförståelse i {path} innan du läser vidare (`stc init` skapar en mall).', 'wrote_names': 'Skrev {names} till {folder}', 'wrote_draft': 'Skrev utkastet till kodbok till {path}'}, 'de': {'impression_corpus': '{transcripts} Transkripte, {participants} Befragte: {words} Wörter der Befragten, {interviewer} der interviewenden Person ({share} Anteil der Befragten)', 'frequent': 'Häufig: {terms}', 'candidates': 'Kandidatenthemen: Anstöße zum Lesen, keine Befunde', 'top_terms': 'wichtigste Wörter', 'sentences': 'Sätze', 'no_candidates': 'Keine Kandidatenthemen: die Befragten sagen zu wenig.', 'write_preconceptions': 'Schreiben Sie Ihr Vorverständnis in {path}, bevor Sie weiterlesen (`stc init` legt eine Vorlage an).', 'wrote_names': '{names} nach {folder} geschrieben', 'wrote_draft': 'Entwurf des Codebuchs nach {path} geschrieben'}}  # fmt: skip
for _language, _messages in EXTRA.items():
    MESSAGES[_language].update(_messages)


def message(language: str, key: str, /, n: int | None = None, **values: object) -> str:
    """A command-line message in ``language`` (English where it has none)."""
    table = MESSAGES.get(language, MESSAGES["en"])
    text = table.get(key, MESSAGES["en"][key])
    if isinstance(text, tuple):
        text = text[0] if n == 1 else text[1]
    return text.format(n=n, **values)
