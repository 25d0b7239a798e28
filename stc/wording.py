"""Every fixed phrase of the results report, per language, and the quantifiers.

Malterud's reports say how many participants a finding rests on in words, never in
percentages: "alle informantene", "de fleste (5 av 6)", "flere", "noen", "én".
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from typing import SupportsIndex


@dataclass(frozen=True)
class Quantifiers:
    all: str
    most: str  # with {n} and {total}
    several: str
    some: str
    one: str
    none: str


QUANTIFIERS: dict[str, Quantifiers] = {
    "nb": Quantifiers("alle informantene", "de fleste ({n} av {total})", "flere", "noen", "én", "ingen"),
    "nn": Quantifiers("alle informantane", "dei fleste ({n} av {total})", "fleire", "nokre", "éin", "ingen"),
    "da": Quantifiers("alle informanterne", "de fleste ({n} af {total})", "flere", "nogle", "én", "ingen"),
    "sv": Quantifiers("alla informanterna", "de flesta ({n} av {total})", "flera", "några", "en informant", "ingen"),
    "en": Quantifiers("all participants", "most ({n} of {total})", "several", "some", "one", "none"),
    "de": Quantifiers("alle Befragten", "die meisten ({n} von {total})", "mehrere", "einige", "eine Person", "niemand"),
}  # fmt: skip


def quantify(n: int, total: int, language: str) -> str:
    """How many of ``total`` participants, in words.

    all: n == total (and total > 1); most: more than half; several: three or more;
    some: two; one: one; none: zero.
    """
    q = QUANTIFIERS.get(language, QUANTIFIERS["en"])
    if n <= 0:
        return q.none
    if n == 1:
        return q.one
    if n == total:
        return q.all
    if 2 * n > total:
        return q.most.format(n=n, total=total)
    if n >= 3:
        return q.several
    return q.some


# Quotation marks as each language sets a quote in running text.
QUOTES: dict[str, tuple[str, str]] = {
    "nb": ("«", "»"), "nn": ("«", "»"), "da": ("»", "«"), "sv": ("\u201d", "\u201d"),
    "en": ("\u201c", "\u201d"), "de": ("\u201e", "\u201c"),
}  # fmt: skip

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "report": "Results",
        "subtitle": "Systematic text condensation (Malterud): results report",
        "method": "Method",
        "method_facts": "The material is {transcripts:transcript|transcripts} with {participants:participant|participants} ({words} words said by participants), in {language}. The codebook «{codebook}» (sha256 {codebook_hash}) has {groups:code group|code groups} and {codes:code|codes}; {units:meaning unit was|meaning units were} coded, covering {coverage} of the participants' words.",
        "steps": "The analysis step by step",
        "step1": "Total impression: {impression}.",
        "step2": "Meaning units: {units} units coded by the codebook{manual}.",
        "step3": "Condensation: {condensates} of {codes:code|codes} {condensates:=has|have} a condensate ({written} written by the researcher, {drafts:draft|drafts} by stc; stale: {stale}).",
        "step4": "Synthesis: this report, with every quote checked against the transcripts.",
        "pseudonymized": "Pseudonymized: the transcripts were pseudonymized with stc anonymize before the analysis; quotes show pseudonyms, not identifiers.",
        "impression_done": "run (impression.md)",
        "impression_missing": "not run in this output folder",
        "manual": " and {n:manual decision|manual decisions} in coding.yaml",
        "results": "Results",
        "draft_analytic": "Draft, not the researcher's text: this category rests on {units:meaning unit|meaning units} from {quantifier}, in {n_codes:=the subgroup|the subgroups} {codes}.",
        "rests_on": "Rests on {n} of {total:participant|participants}{groups}.",
        "rests_on_voices": "Rests on {n} of {total:participant|participants}{groups}; {voices:other voice speaks|other voices speak} against it.",
        "no_golden": "No golden quote chosen yet.",
        "golden_missing": "The golden quote {unit} no longer exists.",
        "participant_line": "{participant}, l. {lines}",
        "line_ref": "l. {lines}",
        "matrix": "Code × participant",
        "coverage": "Coverage per participant",
        "participant": "participant",
        "words": "words",
        "words_coded": "words coded",
        "share": "share",
        "code": "code",
        "total": "total",
        "validation": "Validation",
        "validation_ok": "Every quote matches its transcript verbatim.",
        "quote_marks": "A transcription mark that opens a quote, such as {mark}, is left out, and the quote is cited from the line where the participant's words begin.",
        "quote_mismatch": "The text of unit {unit} (l. {lines}) does not match text/{transcript}.txt: the quote would not be the participant's words.",
        "unit_unknown": "Unit {unit} in condensation.yaml is not among the coded units.",
        "one_participant": "«{label}» rests on one participant only.",
        "only_voices": "«{label}» rests on no participant: each of its units speaks against its main line (other voices).",
        "transcript_changed": "{transcript}: the transcript has changed since `stc code` wrote text/{transcript}.txt; run step 2 again so that quotes and lines match it.",
        "coding_changed": "{what}: changed since `stc code` wrote the meaning units; run step 2 again (`stc code` or `stc run`) so that the report rests on what applies now.",
        "subgroups_one": "{group}: only one subgroup has meaning units; STC sorts a code group into 2–3 subgroups.",
        "subgroups_many": "{group}: {n} subgroups have meaning units; Malterud advises 2–3 per code group.",
        "copies": "{code}: the condensate copies meaning unit {unit} word for word; a condensate abstracts the units.",
        "unreached": "{n:coded unit|coded units} reached no condensate: {units}.",
        "stale": "The condensate of «{code}» is stale: its meaning units changed since it was written.",
        "draft": "{code}: the condensate is still a draft by stc, not the researcher's text.",
        "mirrors": "The label «{label}» mirrors the interviewer's question «{question}» ({transcript}, l. {line}): Malterud warns that themes, code groups and categories should come from the material, not the interview guide.",
        "audit": "Audit trail",
        "audit_help": "Category → code → meaning units → transcript lines.",
        "category": "category",
        "unit": "unit",
        "lines": "lines",
        "appendix_condensates": "Appendix A. Condensates: the researcher's working text",
        "condensates_note": "Condensates are artificial quotations written by the researcher from the meaning units. They are not participants' words.",
        "condensates_note_drafts": "Those marked \u201cdraft by stc\u201d are not condensates yet: stc drafted them from the meaning units' own sentences, with fillers, pauses and restarts left out, for the researcher to rewrite. They are not quotes.",
        "no_condensate": "(no condensate yet)",
        "appendix_transcripts": "Appendix B. Transcripts",
        "status": "status",
        "failed": "Validation failed",
    },
    "nb": {
        "report": "Resultater",
        "subtitle": "Systematisk tekstkondensering (Malterud): resultatrapport",
        "method": "Metode",
        "method_facts": "Materialet er {transcripts:transkripsjon|transkripsjoner} med {participants:informant|informanter} ({words} ord sagt av {participants:=informanten|informantene}), på {language}. Kodeboka «{codebook}» (sha256 {codebook_hash}) har {groups:kodegruppe|kodegrupper} og {codes:kode|koder}; {units:meningsbærende enhet|meningsbærende enheter} ble kodet, som dekker {coverage} av {participants:=informantens|informantenes} ord.",
        "steps": "Analysen trinn for trinn",
        "step1": "Helhetsinntrykk: {impression}.",
        "step2": "Meningsbærende enheter: {units} enheter kodet med kodeboka{manual}.",
        "step3": "Kondensering: {condensates} av {codes:kode|koder} har et kondensat ({written} skrevet av forskeren, {drafts} utkast fra stc; foreldet: {stale}).",
        "step4": "Syntese: denne rapporten, der hvert sitat er kontrollert mot transkripsjonene.",
        "pseudonymized": "Pseudonymisert: transkripsjonene ble pseudonymisert med stc anonymize før analysen; sitatene viser pseudonymer, ikke identifiserende opplysninger.",
        "impression_done": "kjørt (impression.md)",
        "impression_missing": "ikke kjørt i denne utdatamappen",
        "manual": " og {n:manuell beslutning|manuelle beslutninger} i coding.yaml",
        "results": "Resultater",
        "draft_analytic": "Utkast, ikke forskerens tekst: kategorien bygger på {units:meningsbærende enhet|meningsbærende enheter} fra {quantifier}, i {n_codes:=subgruppen|subgruppene} {codes}.",
        "rests_on": "Bygger på {n} av {total:informant|informanter}{groups}.",
        "rests_on_voices": "Bygger på {n} av {total:informant|informanter}{groups}; {voices:annen stemme taler|andre stemmer taler} imot.",
        "no_golden": "Gullsitat er ikke valgt ennå.",
        "golden_missing": "Gullsitatet {unit} finnes ikke lenger.",
        "participant_line": "{participant}, l. {lines}",
        "line_ref": "l. {lines}",
        "matrix": "Kode × informant",
        "coverage": "Dekning per informant",
        "participant": "informant",
        "words": "ord",
        "words_coded": "ord kodet",
        "share": "andel",
        "code": "kode",
        "total": "totalt",
        "validation": "Validering",
        "validation_ok": "Alle sitater stemmer ord for ord med transkripsjonene.",
        "quote_marks": "Transkripsjonsmerker som innleder et sitat, som {mark}, er utelatt, og sitatet oppgis fra linjen der informantens ord begynner.",
        "quote_mismatch": "Teksten i enhet {unit} (l. {lines}) stemmer ikke med text/{transcript}.txt: sitatet ville ikke vært informantens ord.",
        "unit_unknown": "Enheten {unit} i condensation.yaml er ikke blant de kodede enhetene.",
        "one_participant": "«{label}» bygger bare på én informant.",
        "only_voices": "«{label}» bygger ikke på noen informant: hver av enhetene taler imot hovedlinjen (andre stemmer).",
        "transcript_changed": "{transcript}: transkripsjonen er endret siden `stc code` skrev text/{transcript}.txt; kjør trinn 2 på nytt så sitater og linjer stemmer.",
        "coding_changed": "{what}: endret etter at `stc code` skrev de meningsbærende enhetene; kjør trinn 2 på nytt (`stc code` eller `stc run`) så rapporten bygger på det som gjelder nå.",
        "subgroups_one": "{group}: bare én subgruppe har meningsbærende enheter; STC deler en kodegruppe i 2–3 subgrupper.",
        "subgroups_many": "{group}: {n} subgrupper har meningsbærende enheter; Malterud anbefaler 2–3 per kodegruppe.",
        "copies": "{code}: kondensatet gjengir meningsbærende enhet {unit} ord for ord; et kondensat abstraherer enhetene.",
        "unreached": "{n:kodet enhet|kodede enheter} nådde ikke noe kondensat: {units}.",
        "stale": "Kondensatet for «{code}» er foreldet: de meningsbærende enhetene er endret siden det ble skrevet.",
        "draft": "{code}: kondensatet er fortsatt et utkast fra stc, ikke forskerens tekst.",
        "mirrors": "Etiketten «{label}» speiler intervjuerens spørsmål «{question}» ({transcript}, l. {line}): Malterud advarer mot temaer, kodegrupper og kategorier hentet fra intervjuguiden i stedet for materialet.",
        "audit": "Sporbarhet",
        "audit_help": "Kategori → kode → meningsbærende enheter → linjer i transkripsjonen.",
        "category": "kategori",
        "unit": "enhet",
        "lines": "linjer",
        "appendix_condensates": "Vedlegg A. Kondensater: forskerens arbeidstekst",
        "condensates_note": "Kondensater er kunstige sitater forskeren har skrevet ut fra de meningsbærende enhetene. De er ikke informantenes ord.",
        "condensates_note_drafts": "De som er merket «utkast fra stc», er ennå ikke kondensater: stc laget dem av setningene i de meningsbærende enhetene, uten fyllord, pauser og omstarter, for at forskeren skal skrive dem om. De er ikke sitater.",
        "no_condensate": "(ikke noe kondensat ennå)",
        "appendix_transcripts": "Vedlegg B. Transkripsjoner",
        "status": "status",
        "failed": "Valideringen feilet",
    },
}

# Nynorsk, Danish, Swedish and German: only what differs from a close language is written out.
PHRASES["nn"] = {
    **PHRASES["nb"],
    "report": "Resultat",
    "subtitle": "Systematisk tekstkondensering (Malterud): resultatrapport",
    "method_facts": "Materialet er {transcripts:transkripsjon|transkripsjonar} med {participants:informant|informantar} ({words} ord sagt av {participants:=informanten|informantane}), på {language}. Kodeboka «{codebook}» (sha256 {codebook_hash}) har {groups:kodegruppe|kodegrupper} og {codes:kode|kodar}; {units:meiningsberande eining|meiningsberande einingar} vart koda, som dekkjer {coverage} av orda til {participants:=informanten|informantane}.",
    "steps": "Analysen steg for steg",
    "step1": "Heilskapsinntrykk: {impression}.",
    "step2": "Meiningsberande einingar: {units} einingar koda med kodeboka{manual}.",
    "step3": "Kondensering: {condensates} av {codes:kode|kodar} har eit kondensat ({written:skrive|skrivne} av forskaren, {drafts} utkast frå stc; forelda: {stale}).",
    "step4": "Syntese: denne rapporten, der kvart sitat er kontrollert mot transkripsjonane.",
    "pseudonymized": "Pseudonymisert: transkripsjonane vart pseudonymiserte med stc anonymize før analysen; sitata viser pseudonym, ikkje identifiserande opplysningar.",
    "impression_done": "køyrt (impression.md)",
    "impression_missing": "ikkje køyrt i denne utdatamappa",
    "manual": " og {n:manuell avgjerd|manuelle avgjerder} i coding.yaml",
    "results": "Resultat",
    "draft_analytic": "Utkast, ikkje teksten til forskaren: kategorien byggjer på {units:meiningsberande eining|meiningsberande einingar} frå {quantifier}, i {n_codes:=subgruppa|subgruppene} {codes}.",
    "rests_on": "Byggjer på {n} av {total:informant|informantar}{groups}.",
    "rests_on_voices": "Byggjer på {n} av {total:informant|informantar}{groups}; {voices:anna røyst talar|andre røyster talar} imot.",
    "no_golden": "Gullsitat er ikkje valt enno.",
    "golden_missing": "Gullsitatet {unit} finst ikkje lenger.",
    "coverage": "Dekning per informant",
    "words_coded": "ord koda",
    "share": "del",
    "total": "totalt",
    "validation_ok": "Alle sitat stemmer ord for ord med transkripsjonane.",
    "quote_marks": "Transkripsjonsmerke som innleier eit sitat, som {mark}, er utelatne, og sitatet er oppgitt frå linja der orda til informanten byrjar.",
    "quote_mismatch": "Teksten i eining {unit} (l. {lines}) stemmer ikkje med text/{transcript}.txt: sitatet ville ikkje vore orda til informanten.",
    "unit_unknown": "Eininga {unit} i condensation.yaml er ikkje mellom dei koda einingane.",
    "one_participant": "«{label}» byggjer berre på éin informant.",
    "only_voices": "«{label}» byggjer ikkje på nokon informant: kvar av einingane talar imot hovudlinja (andre røyster).",
    "transcript_changed": "{transcript}: transkripsjonen er endra sidan `stc code` skreiv text/{transcript}.txt; køyr steg 2 på nytt så sitat og liner stemmer.",
    "coding_changed": "{what}: endra etter at `stc code` skreiv dei meiningsberande einingane; køyr steg 2 på nytt (`stc code` eller `stc run`) så rapporten byggjer på det som gjeld no.",
    "subgroups_one": "{group}: berre éi subgruppe har meiningsberande einingar; STC deler ei kodegruppe i 2–3 subgrupper.",
    "subgroups_many": "{group}: {n} subgrupper har meiningsberande einingar; Malterud tilrår 2–3 per kodegruppe.",
    "copies": "{code}: kondensatet gjev att meiningsberande eining {unit} ord for ord; eit kondensat abstraherer einingane.",
    "unreached": "{n:koda eining|koda einingar} nådde ikkje noko kondensat: {units}.",
    "stale": "Kondensatet for «{code}» er forelda: dei meiningsberande einingane er endra sidan det vart skrive.",
    "draft": "{code}: kondensatet er framleis eit utkast frå stc, ikkje teksten til forskaren.",
    "mirrors": "Etiketten «{label}» speglar spørsmålet til intervjuaren «{question}» ({transcript}, l. {line}): Malterud åtvarar mot tema, kodegrupper og kategoriar henta frå intervjuguiden i staden for materialet.",
    "audit": "Sporbarheit",
    "audit_help": "Kategori → kode → meiningsberande einingar → liner i transkripsjonen.",
    "unit": "eining",
    "lines": "liner",
    "appendix_condensates": "Vedlegg A. Kondensat: arbeidsteksten til forskaren",
    "condensates_note": "Kondensat er kunstige sitat forskaren har skrive ut frå dei meiningsberande einingane. Dei er ikkje orda til informantane.",
    "condensates_note_drafts": "Dei som er merka «utkast frå stc», er enno ikkje kondensat: stc laga dei av setningane i dei meiningsberande einingane, utan fyllord, pausar og omstartar, for at forskaren skal skrive dei om. Dei er ikkje sitat.",
    "no_condensate": "(ikkje noko kondensat enno)",
    "appendix_transcripts": "Vedlegg B. Transkripsjonar",
    "failed": "Valideringa feila",
}
PHRASES["da"] = {
    **PHRASES["nb"],
    "report": "Resultater",
    "subtitle": "Systematisk tekstkondensering (Malterud): resultatrapport",
    "method_facts": "Materialet er {transcripts:transskription|transskriptioner} med {participants:informant|informanter} ({words} ord sagt af {participants:=informanten|informanterne}), på {language}. Kodebogen »{codebook}« (sha256 {codebook_hash}) har {groups:kodegruppe|kodegrupper} og {codes:kode|koder}; {units:meningsbærende enhed|meningsbærende enheder} blev kodet, som dækker {coverage} af {participants:=informantens|informanternes} ord.",
    "steps": "Analysen trin for trin",
    "step1": "Helhedsindtryk: {impression}.",
    "step2": "Meningsbærende enheder: {units} enheder kodet med kodebogen{manual}.",
    "step3": "Kondensering: {condensates} af {codes:kode|koder} har et kondensat ({written} skrevet af forskeren, {drafts} udkast fra stc; forældede: {stale}).",
    "step4": "Syntese: denne rapport, hvor hvert citat er kontrolleret mod transskriptionerne.",
    "pseudonymized": "Pseudonymiseret: transskriptionerne blev pseudonymiseret med stc anonymize før analysen; citaterne viser pseudonymer, ikke identificerende oplysninger.",
    "impression_done": "kørt (impression.md)",
    "impression_missing": "ikke kørt i denne outputmappe",
    "manual": " og {n:manuel beslutning|manuelle beslutninger} i coding.yaml",
    "draft_analytic": "Udkast, ikke forskerens tekst: kategorien bygger på {units:meningsbærende enhed|meningsbærende enheder} fra {quantifier}, i {n_codes:=undergruppen|undergrupperne} {codes}.",
    "rests_on": "Bygger på {n} af {total:informant|informanter}{groups}.",
    "rests_on_voices": "Bygger på {n} af {total:informant|informanter}{groups}; {voices:anden stemme taler|andre stemmer taler} imod.",
    "no_golden": "Intet guldcitat valgt endnu.",
    "golden_missing": "Guldcitatet {unit} findes ikke længere.",
    "coverage": "Dækning per informant",
    "share": "andel",
    "total": "i alt",
    "validation_ok": "Alle citater stemmer ord for ord med transskriptionerne.",
    "quote_marks": "Transskriptionsmærker, der indleder et citat, som {mark}, er udeladt, og citatet angives fra den linje, hvor informantens ord begynder.",
    "quote_mismatch": "Teksten i enhed {unit} (l. {lines}) stemmer ikke med text/{transcript}.txt: citatet ville ikke være informantens ord.",
    "unit_unknown": "Enheden {unit} i condensation.yaml er ikke blandt de kodede enheder.",
    "one_participant": "»{label}« bygger kun på én informant.",
    "only_voices": "»{label}« bygger ikke på nogen informant: hver af enhederne taler imod hovedlinjen (andre stemmer).",
    "transcript_changed": "{transcript}: transskriptionen er ændret, siden `stc code` skrev text/{transcript}.txt; kør trin 2 igen, så citater og linjer stemmer.",
    "coding_changed": "{what}: ændret, efter at `stc code` skrev de meningsbærende enheder; kør trin 2 igen (`stc code` eller `stc run`), så rapporten bygger på det, der gælder nu.",
    "subgroups_one": "{group}: kun én undergruppe har meningsbærende enheder; STC deler en kodegruppe i 2–3 undergrupper.",
    "subgroups_many": "{group}: {n} undergrupper har meningsbærende enheder; Malterud anbefaler 2–3 per kodegruppe.",
    "copies": "{code}: kondensatet gengiver meningsbærende enhed {unit} ord for ord; et kondensat abstraherer enhederne.",
    "unreached": "{n:kodet enhed|kodede enheder} nåede ikke noget kondensat: {units}.",
    "stale": "Kondensatet for »{code}« er forældet: de meningsbærende enheder er ændret, siden det blev skrevet.",
    "draft": "{code}: kondensatet er stadig et udkast fra stc, ikke forskerens tekst.",
    "mirrors": "Etiketten »{label}« spejler interviewerens spørgsmål »{question}« ({transcript}, l. {line}): Malterud advarer mod temaer, kodegrupper og kategorier hentet fra interviewguiden i stedet for materialet.",
    "audit": "Sporbarhed",
    "audit_help": "Kategori → kode → meningsbærende enheder → linjer i transskriptionen.",
    "unit": "enhed",
    "appendix_condensates": "Bilag A. Kondensater: forskerens arbejdstekst",
    "condensates_note": "Kondensater er kunstige citater, som forskeren har skrevet ud fra de meningsbærende enheder. De er ikke informanternes ord.",
    "condensates_note_drafts": "De, der er mærket »udkast fra stc«, er endnu ikke kondensater: stc lavede dem af de meningsbærende enheders egne sætninger, uden fyldord, pauser og omstarter, så forskeren kan omskrive dem. De er ikke citater.",
    "no_condensate": "(intet kondensat endnu)",
    "appendix_transcripts": "Bilag B. Transskriptioner",
    "failed": "Valideringen fejlede",
}
PHRASES["sv"] = {
    **PHRASES["nb"],
    "report": "Resultat",
    "subtitle": "Systematisk textkondensering (Malterud): resultatrapport",
    "method": "Metod",
    "method_facts": "Materialet är {transcripts:transkription|transkriptioner} med {participants:informant|informanter} ({words} ord sagda av {participants:=informanten|informanterna}), på {language}. Kodboken ”{codebook}” (sha256 {codebook_hash}) har {groups:kodgrupp|kodgrupper} och {codes:kod|koder}; {units:meningsbärande enhet|meningsbärande enheter} kodades, som täcker {coverage} av {participants:=informantens|informanternas} ord.",
    "steps": "Analysen steg för steg",
    "step1": "Helhetsintryck: {impression}.",
    "step2": "Meningsbärande enheter: {units} enheter kodade med kodboken{manual}.",
    "step3": "Kondensering: {condensates} av {codes:kod|koder} har ett kondensat ({written:skrivet|skrivna} av forskaren, {drafts} utkast från stc; inaktuella: {stale}).",
    "step4": "Syntes: denna rapport, där varje citat är kontrollerat mot transkriptionerna.",
    "pseudonymized": "Pseudonymiserad: transkriptionerna pseudonymiserades med stc anonymize före analysen; citaten visar pseudonymer, inte identifierande uppgifter.",
    "impression_done": "körd (impression.md)",
    "impression_missing": "inte körd i denna utdatamapp",
    "manual": " och {n:manuellt beslut|manuella beslut} i coding.yaml",
    "results": "Resultat",
    "draft_analytic": "Utkast, inte forskarens text: kategorin bygger på {units:meningsbärande enhet|meningsbärande enheter} från {quantifier}, i {n_codes:=subgruppen|subgrupperna} {codes}.",
    "rests_on": "Bygger på {n} av {total:informant|informanter}{groups}.",
    "rests_on_voices": "Bygger på {n} av {total:informant|informanter}{groups}; {voices:annan röst talar|andra röster talar} emot.",
    "no_golden": "Inget guldcitat valt ännu.",
    "golden_missing": "Guldcitatet {unit} finns inte längre.",
    "matrix": "Kod × informant",
    "coverage": "Täckning per informant",
    "words_coded": "ord kodade",
    "share": "andel",
    "code": "kod",
    "total": "totalt",
    "validation": "Validering",
    "validation_ok": "Alla citat stämmer ord för ord med transkriptionerna.",
    "quote_marks": "Transkriptionsmarkeringar som inleder ett citat, som {mark}, är utelämnade, och citatet anges från den rad där informantens ord börjar.",
    "quote_mismatch": "Texten i enhet {unit} (r. {lines}) stämmer inte med text/{transcript}.txt: citatet skulle inte vara informantens ord.",
    "unit_unknown": "Enheten {unit} i condensation.yaml finns inte bland de kodade enheterna.",
    "one_participant": "”{label}” vilar bara på en informant.",
    "only_voices": "”{label}” bygger inte på någon informant: varje enhet talar emot huvudlinjen (andra röster).",
    "transcript_changed": "{transcript}: transkriptionen har ändrats sedan `stc code` skrev text/{transcript}.txt; kör steg 2 igen så att citat och rader stämmer.",
    "coding_changed": "{what}: har ändrats sedan `stc code` skrev de meningsbärande enheterna; kör steg 2 igen (`stc code` eller `stc run`) så att rapporten bygger på det som gäller nu.",
    "subgroups_one": "{group}: bara en subgrupp har meningsbärande enheter; STC delar en kodgrupp i 2–3 subgrupper.",
    "subgroups_many": "{group}: {n} subgrupper har meningsbärande enheter; Malterud rekommenderar 2–3 per kodgrupp.",
    "copies": "{code}: kondensatet återger meningsbärande enhet {unit} ord för ord; ett kondensat abstraherar enheterna.",
    "unreached": "{n:kodad enhet|kodade enheter} nådde inget kondensat: {units}.",
    "stale": "Kondensatet för ”{code}” är inaktuellt: de meningsbärande enheterna har ändrats sedan det skrevs.",
    "draft": "{code}: kondensatet är fortfarande ett utkast från stc, inte forskarens text.",
    "mirrors": "Etiketten ”{label}” speglar intervjuarens fråga ”{question}” ({transcript}, r. {line}): Malterud varnar för teman, kodgrupper och kategorier hämtade från intervjuguiden i stället för materialet.",
    "audit": "Spårbarhet",
    "audit_help": "Kategori → kod → meningsbärande enheter → rader i transkriptionen.",
    "unit": "enhet",
    "lines": "rader",
    "participant_line": "{participant}, r. {lines}",
    "line_ref": "r. {lines}",
    "appendix_condensates": "Bilaga A. Kondensat: forskarens arbetstext",
    "condensates_note": "Kondensat är artificiella citat som forskaren har skrivit utifrån de meningsbärande enheterna. De är inte informanternas ord.",
    "condensates_note_drafts": "De som är märkta \u201dutkast från stc\u201d är ännu inte kondensat: stc gjorde dem av de meningsbärande enheternas egna meningar, utan utfyllnadsord, pauser och omstarter, för forskaren att skriva om. De är inte citat.",
    "no_condensate": "(inget kondensat ännu)",
    "appendix_transcripts": "Bilaga B. Transkriptioner",
    "failed": "Valideringen misslyckades",
}
PHRASES["de"] = {
    **PHRASES["en"],
    "report": "Ergebnisse",
    "subtitle": "Systematische Textkondensation (Malterud): Ergebnisbericht",
    "method": "Methode",
    "method_facts": "Das Material umfasst {transcripts:Transkript|Transkripte} mit {participants} Befragten ({words} Wörter {participants:=der befragten Person|der Befragten}), auf {language}. Das Codebuch „{codebook}“ (sha256 {codebook_hash}) hat {groups:Codegruppe|Codegruppen} und {codes:Code|Codes}; {units:Sinneinheit wurde|Sinneinheiten wurden} codiert, die {coverage} der Wörter {participants:=der befragten Person|der Befragten} {units:=abdeckt|abdecken}.",
    "steps": "Die Analyse Schritt für Schritt",
    "step1": "Gesamteindruck: {impression}.",
    "step2": "Sinneinheiten: {units:Einheit|Einheiten} mit dem Codebuch codiert{manual}.",
    "step3": "Kondensation: {condensates} von {codes:Code|Codes} {condensates:=hat|haben} ein Kondensat ({written} von der Forscherin oder dem Forscher geschrieben, {drafts:Entwurf|Entwürfe} von stc; veraltet: {stale}).",
    "step4": "Synthese: dieser Bericht; jedes Zitat wurde gegen die Transkripte geprüft.",
    "pseudonymized": "Pseudonymisiert: die Transkripte wurden vor der Analyse mit stc anonymize pseudonymisiert; Zitate zeigen Pseudonyme, keine identifizierenden Angaben.",
    "impression_done": "ausgeführt (impression.md)",
    "impression_missing": "in diesem Ausgabeordner nicht ausgeführt",
    "manual": " und {n:manuelle Entscheidung|manuelle Entscheidungen} in coding.yaml",
    "results": "Ergebnisse",
    "draft_analytic": "Entwurf, nicht der Text der Forschenden: die Kategorie beruht auf {units:Sinneinheit|Sinneinheiten}; Befragte: {quantifier}; {n_codes:=Untergruppe|Untergruppen}: {codes}.",
    "rests_on": "Beruht auf {n} von {total} Befragten{groups}.",
    "rests_on_voices": "Beruht auf {n} von {total} Befragten{groups}; {voices:andere Stimme spricht|andere Stimmen sprechen} dagegen.",
    "no_golden": "Noch kein Schlüsselzitat gewählt.",
    "golden_missing": "Das Schlüsselzitat {unit} existiert nicht mehr.",
    "participant_line": "{participant}, Z. {lines}",
    "line_ref": "Z. {lines}",
    "matrix": "Code × Befragte",
    "coverage": "Abdeckung je Befragter",
    "participant": "Befragte",
    "words": "Wörter",
    "words_coded": "codierte Wörter",
    "share": "Anteil",
    "code": "Code",
    "total": "gesamt",
    "validation": "Validierung",
    "validation_ok": "Jedes Zitat stimmt wörtlich mit seinem Transkript überein.",
    "quote_marks": "Transkriptionszeichen am Anfang eines Zitats, etwa {mark}, sind weggelassen; das Zitat wird ab der Zeile angegeben, in der die Worte der oder des Befragten beginnen.",
    "quote_mismatch": "Der Text der Einheit {unit} (Z. {lines}) stimmt nicht mit text/{transcript}.txt überein: das Zitat wären nicht die Worte der befragten Person.",
    "unit_unknown": "Die Einheit {unit} in condensation.yaml ist keine codierte Einheit.",
    "one_participant": "„{label}“ beruht nur auf einer befragten Person.",
    "only_voices": "„{label}“ beruht auf keiner befragten Person: jede ihrer Einheiten spricht gegen die Hauptlinie (andere Stimmen).",
    "transcript_changed": "{transcript}: das Transkript hat sich geändert, seit `stc code` text/{transcript}.txt schrieb; führen Sie Schritt 2 erneut aus, damit Zitate und Zeilen stimmen.",
    "coding_changed": "{what}: geändert, seit `stc code` die Sinneinheiten schrieb; führen Sie Schritt 2 erneut aus (`stc code` oder `stc run`), damit der Bericht auf dem aktuellen Stand beruht.",
    "subgroups_one": "{group}: nur eine Untergruppe hat Sinneinheiten; STC teilt eine Codegruppe in 2–3 Untergruppen.",
    "subgroups_many": "{group}: {n} Untergruppen haben Sinneinheiten; Malterud empfiehlt 2–3 je Codegruppe.",
    "copies": "{code}: das Kondensat gibt die Sinneinheit {unit} wörtlich wieder; ein Kondensat abstrahiert die Einheiten.",
    "unreached": "{n:codierte Einheit erreichte|codierte Einheiten erreichten} kein Kondensat: {units}.",
    "stale": "Das Kondensat zu „{code}“ ist veraltet: seine Sinneinheiten haben sich geändert.",
    "draft": "{code}: das Kondensat ist noch ein Entwurf von stc, nicht der Text der Forschenden.",
    "mirrors": "Die Bezeichnung „{label}“ spiegelt die Frage der interviewenden Person „{question}“ ({transcript}, Z. {line}): Malterud warnt vor Themen, Codegruppen und Kategorien aus dem Leitfaden statt aus dem Material.",
    "audit": "Nachvollziehbarkeit",
    "audit_help": "Kategorie → Code → Sinneinheiten → Zeilen im Transkript.",
    "category": "Kategorie",
    "unit": "Einheit",
    "lines": "Zeilen",
    "appendix_condensates": "Anhang A. Kondensate: Arbeitstext der Forschenden",
    "condensates_note": "Kondensate sind künstliche Zitate, die die Forschenden aus den Sinneinheiten geschrieben haben. Sie sind nicht die Worte der Befragten.",
    "condensates_note_drafts": "Die als \u201eEntwurf von stc\u201c markierten sind noch keine Kondensate: stc hat sie aus den Sätzen der Sinneinheiten entworfen, ohne Füllwörter, Pausen und Neuansätze, damit die Forschenden sie umschreiben. Sie sind keine Zitate.",
    "no_condensate": "(noch kein Kondensat)",
    "appendix_transcripts": "Anhang B. Transkripte",
    "status": "Status",
    "failed": "Validierung fehlgeschlagen",
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "nb": {"nb": "norsk bokmål", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk", "de": "tysk"},
    "nn": {"nb": "norsk bokmål", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk", "de": "tysk"},
    "da": {"nb": "norsk bokmål", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk", "de": "tysk"},
    "sv": {"nb": "norskt bokmål", "nn": "nynorska", "da": "danska", "sv": "svenska", "en": "engelska", "de": "tyska"},
    "en": {"nb": "Norwegian Bokmål", "nn": "Norwegian Nynorsk", "da": "Danish", "sv": "Swedish", "en": "English", "de": "German"},
    "de": {"nb": "Norwegisch (Bokmål)", "nn": "Norwegisch (Nynorsk)", "da": "Dänisch", "sv": "Schwedisch", "en": "Englisch", "de": "Deutsch"},
}  # fmt: skip


# How each language writes a number: thousands separator, decimal mark, and what stands
# between a number and its percent sign. Nordic and German readers take "12,973" for about
# thirteen; they write 12 973 (da, de: 12.973) and 27,2 %.
NUMBER_STYLE: dict[str, tuple[str, str, str]] = {
    "en": (",", ".", ""),
    "nb": ("\u202f", ",", "\u00a0"),
    "nn": ("\u202f", ",", "\u00a0"),
    "sv": ("\u202f", ",", "\u00a0"),
    "da": (".", ",", "\u00a0"),
    "de": (".", ",", "\u00a0"),
}


def _marks(english: str, language: str) -> str:
    """A number Python wrote the English way ("12,973.5"), with ``language``'s marks."""
    thousands, point, _ = NUMBER_STYLE.get(language, NUMBER_STYLE["en"])
    return english.translate({ord(","): thousands, ord("."): point})


def number(value: float, language: str, decimals: int = 0) -> str:
    """``value`` as ``language`` writes it: "12,973.5" in English, "12 973,5" in Norwegian."""
    return _marks(f"{value:,.{decimals}f}", language)


def percent(value: float, language: str, decimals: int = 0) -> str:
    """A share as ``language`` writes it: "27.2%" in English, "27,2 %" in Norwegian."""
    space = NUMBER_STYLE.get(language, NUMBER_STYLE["en"])[2]
    return _marks(f"{value:,.{decimals}%}".removesuffix("%"), language) + space + "%"


class Count(int):
    """A number in a phrase that names what it counts in the form that agrees with it.

    ``{units:unit|units}`` writes "1 unit" or "3 units"; ``{units:=it|they}`` writes the word
    alone ("it", "they"), for a pronoun or verb further on; any other format spec is the
    number's own.
    """

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return format(int(self), spec)
        alone = spec.startswith("=")
        one, many = spec.removeprefix("=").split("|", 1)
        word = one if self == 1 else many
        return word if alone else f"{int(self)} {word}"


def counted(values: dict[str, object]) -> dict[str, object]:
    """``values`` with every whole number (numpy's too, never a bool) a ``Count``, so a
    phrase can agree with it."""
    return {k: _count(v) for k, v in values.items()}


def _count(value: object) -> object:
    if isinstance(value, SupportsIndex) and not isinstance(value, (bool, Count)):
        return Count(operator.index(value))
    return value


def phrase(language: str, key: str, /, **values: object) -> str:
    """A fixed phrase in the report's language, with values filled in (numbers as ``Count``:
    ``{n:enhet|enheter}``)."""
    table = PHRASES.get(language, PHRASES["en"])
    return in_marks(table[key], language).format(**counted(values))


@functools.lru_cache(maxsize=4096)
def in_marks(template: str, language: str) -> str:
    """A template written with «…» (the tables' own marks, from Norwegian), set in the
    language's quotation marks: ”…” in Swedish, “…” in English, „…“ in German. Danish tables
    are written in Danish »…«, and left as they are. Only the template: a quote filled in
    keeps its own marks."""
    left, right = QUOTES.get(language, QUOTES["en"])
    if left in "«»":  # written in its own marks: Norwegian «…», Danish »…«
        return template
    return GUILLEMETS.sub(lambda m: f"{left}{m.group(1)}{right}", template)


GUILLEMETS = re.compile(r"«([^«»]*)»")


def orphan_line(
    language: str,
    where: str,
    name: str,
    why: str,
    n: int = 0,
    place: str = "",
    now_line: int | None = None,
    now_text: str = "",
) -> str:
    """An orphaned decision, kept: where its entry is, why (``why``: a key of
    ``stc.decisions.REASONS``; a quote's ``place`` says it instead), and how to re-attach it.
    A text respelt in the transcript (``now_line``, ``now_text``) names the sentence now."""
    if now_line is not None:
        text = quote(now_text, language)
        return phrase(language, "orphaned_edited", where=where, name=name, line=now_line, text=text)
    reason = orphan_reason(language, why, n, place)
    fix = orphan_fix(language, why, place)
    return phrase(language, "orphaned", where=where, name=name, why=reason, fix=fix)


def orphan_reason(language: str, why: str, n: int = 0, place: str = "") -> str:
    """Why a decision is orphaned, in words (see ``orphan_line``)."""
    return phrase(language, f"place_{place}") if place else phrase(language, f"why_{why}", n=n)


def orphan_fix(language: str, why: str, place: str = "") -> str:
    """How to re-attach an orphaned decision, as a sentence (see ``orphan_line``)."""
    fixes = {"transcript_gone": "fix_transcript_gone", "places": "fix_places"}
    return phrase(language, f"fix_{place}" if place else fixes.get(why, "fix_quote"))


def quote(text: str, language: str) -> str:
    """Text set in the language's quotation marks."""
    left, right = QUOTES.get(language, QUOTES["en"])
    return f"{left}{text}{right}"


# The review (DESIGN, "Review"): what the report says about decisions, drafts and context.
REVIEW_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "status_draft": "draft by stc", "status_edited": "written by the researcher", "status_stale": "stale",
        "draft_stale": "{n:condensate is|condensates are} stale: {n:=its|their} meaning units changed since {n:=it was|they were} written.",
        "draft_orphans": "{n:decision|decisions} in coding.yaml {n:=no longer finds its|no longer find their} text and {n:=is|are} not counted (see the validation).",
        "draft_stamp": "DRAFT",
        "draft_units": "{n:suggestion is|suggestions are} not reviewed yet; {n:=it is|they are} not counted.",
        "draft_condensates": "{n:condensate is|condensates are} still {n:=a draft|drafts} by stc.",
        "reviewed": "{reviewed} of {units:unit|units} reviewed by {coder}",
        "reviewed_nobody": "{reviewed} of {units:unit|units} reviewed",
        "step2": "Meaning units: {units:unit|units} with codes confirmed by the researcher; {reviewed}.",
        "step2_how": "stc suggested codes by rules ({rules}), and the researcher decided them in context: accepted {accepted}, rejected {rejected}{waiting}; codes added by hand: {added}.",
        "rules_codebook": "the codebook's keywords and patterns",
        "rules_suggest": "the codebook's keywords and patterns, and what stc suggest learned from the coding",
        "step2_waiting": ", still waiting {n}",
        "step2_by_hand": "The researcher coded by hand (codes added: {added}); no rule suggested any.",
        "step2_uncoded": "{uncoded} of the participants' words have no confirmed code. The sentences no rule suggested a code for are in uncoded.csv; those whose suggestions were rejected or still wait are in meaning_units.csv.",
        "units_sentences": "The meaning units are passages stc cut from the participants' turns, of up to {n:sentence|sentences} each, or as the researcher marked them in coding.yaml.",
        "units_turn": "The meaning units are the participants' turns, one each, or passages the researcher marked in coding.yaml.",
        "contents": "Contents",
        "other_voices": "Other voices",
        "in_context": "In context",
        "question": "Interviewer",
        "level_error": "Error",
        "level_warning": "Warning",
        "context_warning": "«{label}»: the quote {unit} opens with «{word}»: read it in context; it may depend on what came before.",
        "contrast_after": "«{label}»: the quote {unit} is followed in the same turn by {after}: check that the turn does not go on to say the opposite of the quote.",
        "quantifier_mismatch": "“{word}” in “{sentence}”, but {n} of {total:participant|participants} {n:=has|have} confirmed units under “{label}”: check the claim.",
        "appendix_matrix": "Appendix B. Code × participant and coverage",
        "counts_note": "These counts say how much text was coded, not what was found: STC is interpretive, and the findings are in the results above.",
        "appendix_trace": "Appendix C. Audit trail",
        "trace_note": "Every confirmed meaning unit behind each category (also in traceability.csv).",
        "appendix_transcripts": "Appendix D. Transcripts",
        "orphaned": "{where}: the decision on {name} is orphaned ({why}); it is kept. {fix}",
        "why_not_found": "its text is no longer found",
        "why_no_quote": "no unit has this id now, and the entry has no quote",
        "why_transcript_gone": "its transcript is gone",
        "why_places": "its quote stands in {n} places",
        "fix_quote": "To re-attach it, set its quote: to the sentence as the transcript says it now, or delete the entry.",
        "fix_transcript_gone": "Add its transcript's file to transcripts: in stc.yaml, or delete the entry if the interview left the study.",
        "fix_places": "To re-attach it, make its quote: longer, so that it names one passage.",
        "fix_interviewer": "To re-attach it, quote the participant's answer instead (or, if that speaker is a participant, correct speakers: in stc.yaml).",
        "fix_across": "To re-attach it, give each turn's participant words an entry of their own.",
        "fix_label": "To re-attach it, leave the label out of quote:.",
        "fix_outside": "Delete the entry, or quote a participant's words.",
        "place_interviewer": "its quote is the interviewer's words",
        "place_across": "its quote runs across turns",
        "place_label": "its quote begins with the speaker's label",
        "place_outside": "its quote is in no one's speech: a heading or the front matter",
        "orphaned_edited": "{where}: the decision on {name} is orphaned: its text was edited in the transcript, where line {line} now reads {text}; it is kept. To re-attach it, set its quote: to that sentence.",
    },
    "nb": {
        "status_draft": "utkast fra stc", "status_edited": "skrevet av forskeren", "status_stale": "foreldet",
        "draft_stale": "{n:kondensat|kondensater} er foreldet: enhetene er endret siden {n:=det|de} ble skrevet.",
        "draft_orphans": "{n:avgjørelse|avgjørelser} i coding.yaml finner ikke teksten sin lenger og er ikke talt med (se valideringen).",
        "draft_stamp": "UTKAST",
        "draft_units": "{n} forslag er ikke gjennomgått ennå; {n:=det|de} er ikke talt med.",
        "draft_condensates": "{n:kondensat|kondensater} er fortsatt {n:=et utkast|utkast} fra stc.",
        "reviewed": "{reviewed} av {units:enhet|enheter} gjennomgått av {coder}",
        "reviewed_nobody": "{reviewed} av {units:enhet|enheter} gjennomgått",
        "step2": "Meningsbærende enheter: {units:enhet|enheter} med koder bekreftet av forskeren; {reviewed}.",
        "step2_how": "stc foreslo koder etter regler ({rules}), og forskeren avgjorde dem i sammenhengen: godtatt {accepted}, avvist {rejected}{waiting}; koder lagt til for hånd: {added}.",
        "rules_codebook": "kodebokas nøkkelord og mønstre",
        "rules_suggest": "kodebokas nøkkelord og mønstre, og det stc suggest har lært av kodingen",
        "step2_waiting": ", venter fortsatt {n}",
        "step2_by_hand": "Forskeren kodet for hånd (koder lagt til: {added}); ingen regel foreslo noen.",
        "step2_uncoded": "{uncoded} av informantenes ord har ingen bekreftet kode. Setningene ingen regel foreslo en kode for, står i uncoded.csv; de med avviste eller ventende forslag står i meaning_units.csv.",
        "units_sentences": "De meningsbærende enhetene er passasjer stc skar ut av informantenes taleturer, på opptil {n:setning|setninger} hver, eller slik forskeren markerte dem i coding.yaml.",
        "units_turn": "De meningsbærende enhetene er informantenes taleturer, én enhet per taletur, eller passasjer forskeren markerte i coding.yaml.",
        "contents": "Innhold",
        "other_voices": "Andre stemmer",
        "in_context": "I sammenhengen",
        "question": "Intervjuer",
        "level_error": "Feil",
        "level_warning": "Advarsel",
        "context_warning": "«{label}»: sitatet {unit} begynner med «{word}»: les det i sammenhengen; det kan avhenge av det som ble sagt før.",
        "contrast_after": "«{label}»: sitatet {unit} følges i samme taletur av {after}: sjekk at informanten ikke sier det motsatte av sitatet.",
        "quantifier_mismatch": "«{word}» i «{sentence}», men {n} av {total:informant|informanter} har bekreftede enheter under «{label}»: sjekk påstanden.",
        "appendix_matrix": "Vedlegg B. Kode × informant og dekning",
        "counts_note": "Tallene viser hvor mye tekst som er kodet, ikke hva som ble funnet: STC er fortolkende, og funnene står i resultatdelen over.",
        "appendix_trace": "Vedlegg C. Sporbarhet",
        "trace_note": "Alle bekreftede meningsbærende enheter bak hver kategori (også i traceability.csv).",
        "appendix_transcripts": "Vedlegg D. Transkripsjoner",
        "orphaned": "{where}: avgjørelsen om {name} er foreldreløs ({why}); den er beholdt. {fix}",
        "why_not_found": "teksten finnes ikke lenger",
        "why_no_quote": "ingen enhet har denne id-en nå, og oppføringen har ikke noe sitat",
        "why_transcript_gone": "transkripsjonen finnes ikke lenger",
        "why_places": "sitatet står på {n} steder",
        "fix_quote": "For å feste den igjen: sett quote: til setningen slik transkripsjonen sier den nå, eller slett oppføringen.",
        "fix_transcript_gone": "Legg filen til transkripsjonen inn under transcripts: i stc.yaml, eller slett oppføringen hvis intervjuet er tatt ut av studien.",
        "fix_places": "For å feste den igjen: gjør quote: lengre, så det peker på ett sted.",
        "fix_interviewer": "For å feste den igjen: siter informantens svar i stedet (eller rett speakers: i stc.yaml hvis den som snakker, er en informant).",
        "fix_across": "For å feste den igjen: gi informantens ord i hver taletur en egen oppføring.",
        "fix_label": "For å feste den igjen: ta navnelappen ut av quote:.",
        "fix_outside": "Slett oppføringen, eller siter en informants ord.",
        "place_interviewer": "sitatet er intervjuerens ord",
        "place_across": "sitatet går over flere taleturer",
        "place_label": "sitatet begynner med talerens navnelapp",
        "place_outside": "sitatet er ingens tale: en overskrift eller forsiden",
        "orphaned_edited": "{where}: avgjørelsen om {name} er foreldreløs: teksten er endret i transkripsjonen, der linje {line} nå lyder {text}; den er beholdt. Sett quote: til den setningen for å feste den igjen.",
    },
    "nn": {
        "status_draft": "utkast frå stc", "status_edited": "skrive av forskaren", "status_stale": "forelda",
        "draft_stale": "{n} kondensat er forelda: einingane er endra sidan {n:=det vart skrive|dei vart skrivne}.",
        "draft_orphans": "{n:avgjerd|avgjerder} i coding.yaml finn ikkje teksten sin lenger og er ikkje talde med (sjå valideringa).",
        "draft_stamp": "UTKAST",
        "draft_units": "{n} framlegg er ikkje gjennomgått enno; {n:=det er ikkje talt|dei er ikkje talde} med.",
        "draft_condensates": "{n} kondensat er framleis {n:=eit utkast|utkast} frå stc.",
        "reviewed": "{reviewed} av {units:eining|einingar} gjennomgått av {coder}",
        "reviewed_nobody": "{reviewed} av {units:eining|einingar} gjennomgått",
        "step2": "Meiningsberande einingar: {units:eining|einingar} med kodar stadfesta av forskaren; {reviewed}.",
        "step2_how": "stc gjorde framlegg om kodar etter reglar ({rules}), og forskaren avgjorde dei i samanhengen: godteke {accepted}, avvist {rejected}{waiting}; kodar lagde til for hand: {added}.",
        "rules_codebook": "nøkkelorda og mønstera i kodeboka",
        "rules_suggest": "nøkkelorda og mønstera i kodeboka, og det stc suggest har lært av kodinga",
        "step2_waiting": ", ventar framleis {n}",
        "step2_by_hand": "Forskaren koda for hand (kodar lagde til: {added}); ingen regel gjorde framlegg om nokon.",
        "step2_uncoded": "{uncoded} av orda til informantane har ingen stadfesta kode. Setningane ingen regel gjorde framlegg om kode for, står i uncoded.csv; dei med avviste eller ventande framlegg står i meaning_units.csv.",
        "units_sentences": "Dei meiningsberande einingane er passasjar stc skar ut av taleturane til informantane, på opptil {n:setning|setningar} kvar, eller slik forskaren merkte dei i coding.yaml.",
        "units_turn": "Dei meiningsberande einingane er taleturane til informantane, éin kvar, eller passasjar forskaren merkte i coding.yaml.",
        "contents": "Innhald",
        "other_voices": "Andre røyster",
        "in_context": "I samanhengen",
        "question": "Intervjuar",
        "level_error": "Feil",
        "level_warning": "Åtvaring",
        "context_warning": "«{label}»: sitatet {unit} byrjar med «{word}»: les det i samanhengen; det kan vere avhengig av det som vart sagt før.",
        "contrast_after": "«{label}»: sitatet {unit} blir følgt i same taletur av {after}: sjekk at informanten ikkje seier det motsette av sitatet.",
        "quantifier_mismatch": "«{word}» i «{sentence}», men {n} av {total:informant|informantar} har stadfesta einingar under «{label}»: sjekk påstanden.",
        "appendix_matrix": "Vedlegg B. Kode × informant og dekning",
        "counts_note": "Tala viser kor mykje tekst som er koda, ikkje kva som vart funne: STC er fortolkande, og funna står i resultatdelen over.",
        "appendix_trace": "Vedlegg C. Sporbarheit",
        "trace_note": "Alle stadfesta meiningsberande einingar bak kvar kategori (òg i traceability.csv).",
        "appendix_transcripts": "Vedlegg D. Transkripsjonar",
        "orphaned": "{where}: avgjerda om {name} er foreldrelaus ({why}); ho er teken vare på. {fix}",
        "why_not_found": "teksten finst ikkje lenger",
        "why_no_quote": "inga eining har denne id-en no, og oppføringa har ikkje noko sitat",
        "why_transcript_gone": "transkripsjonen finst ikkje lenger",
        "why_places": "sitatet står på {n} stader",
        "fix_quote": "For å feste ho att: set quote: til setninga slik transkripsjonen seier ho no, eller slett oppføringa.",
        "fix_transcript_gone": "Legg fila til transkripsjonen inn under transcripts: i stc.yaml, eller slett oppføringa om intervjuet er teke ut av studien.",
        "fix_places": "For å feste ho att: gjer quote: lengre, så det peikar på éin stad.",
        "fix_interviewer": "For å feste ho att: siter svaret til informanten i staden (eller rett speakers: i stc.yaml om den som snakkar, er ein informant).",
        "fix_across": "For å feste ho att: gje orda til informanten i kvar taletur ei eiga oppføring.",
        "fix_label": "For å feste ho att: ta namnelappen ut av quote:.",
        "fix_outside": "Slett oppføringa, eller siter orda til ein informant.",
        "place_interviewer": "sitatet er orda til intervjuaren",
        "place_across": "sitatet går over fleire taleturar",
        "place_label": "sitatet byrjar med namnelappen til talaren",
        "place_outside": "sitatet er ingen si tale: ei overskrift eller forsida",
        "orphaned_edited": "{where}: avgjerda om {name} er foreldrelaus: teksten er endra i transkripsjonen, der linje {line} no lyder {text}; ho er teken vare på. Set quote: til den setninga for å feste ho att.",
    },
    "da": {
        "status_draft": "udkast fra stc", "status_edited": "skrevet af forskeren", "status_stale": "forældet",
        "draft_stale": "{n:kondensat er forældet|kondensater er forældede}: enhederne er ændret, siden {n:=det|de} blev skrevet.",
        "draft_orphans": "{n:beslutning|beslutninger} i coding.yaml finder ikke længere sin tekst og er ikke talt med (se valideringen).",
        "draft_stamp": "UDKAST",
        "draft_units": "{n} forslag er ikke gennemgået endnu; {n:=det|de} er ikke talt med.",
        "draft_condensates": "{n:kondensat|kondensater} er stadig {n:=et udkast|udkast} fra stc.",
        "reviewed": "{reviewed} af {units:enhed|enheder} gennemgået af {coder}",
        "reviewed_nobody": "{reviewed} af {units:enhed|enheder} gennemgået",
        "step2": "Meningsbærende enheder: {units:enhed|enheder} med koder bekræftet af forskeren; {reviewed}.",
        "step2_how": "stc foreslog koder efter regler ({rules}), og forskeren afgjorde dem i sammenhængen: godkendt {accepted}, afvist {rejected}{waiting}; koder tilføjet i hånden: {added}.",
        "rules_codebook": "kodebogens nøgleord og mønstre",
        "rules_suggest": "kodebogens nøgleord og mønstre og det, stc suggest har lært af kodningen",
        "step2_waiting": ", venter stadig {n}",
        "step2_by_hand": "Forskeren kodede i hånden (koder tilføjet: {added}); ingen regel foreslog nogen.",
        "step2_uncoded": "{uncoded} af informanternes ord har ingen bekræftet kode. De sætninger, ingen regel foreslog en kode for, står i uncoded.csv; dem med afviste eller ventende forslag står i meaning_units.csv.",
        "units_sentences": "De meningsbærende enheder er passager, stc skar ud af informanternes taleture, på op til {n:sætning|sætninger} hver, eller som forskeren markerede dem i coding.yaml.",
        "units_turn": "De meningsbærende enheder er informanternes taleture, én enhed pr. taletur, eller passager, forskeren markerede i coding.yaml.",
        "contents": "Indhold",
        "other_voices": "Andre stemmer",
        "in_context": "I sammenhængen",
        "question": "Interviewer",
        "level_error": "Fejl",
        "level_warning": "Advarsel",
        "context_warning": "»{label}«: citatet {unit} begynder med »{word}«: læs det i sammenhængen; det kan afhænge af det, der blev sagt før.",
        "contrast_after": "»{label}«: citatet {unit} efterfølges i samme taletur af {after}: tjek, at informanten ikke siger det modsatte af citatet.",
        "quantifier_mismatch": "»{word}« i »{sentence}«, men {n} af {total:informant|informanter} har bekræftede enheder under »{label}«: tjek påstanden.",
        "appendix_matrix": "Bilag B. Kode × informant og dækning",
        "counts_note": "Tallene viser, hvor meget tekst der er kodet, ikke hvad der blev fundet: STC er fortolkende, og fundene står i resultatafsnittet ovenfor.",
        "appendix_trace": "Bilag C. Sporbarhed",
        "trace_note": "Alle bekræftede meningsbærende enheder bag hver kategori (også i traceability.csv).",
        "appendix_transcripts": "Bilag D. Transskriptioner",
        "orphaned": "{where}: beslutningen om {name} er forældreløs ({why}); den er bevaret. {fix}",
        "why_not_found": "teksten findes ikke længere",
        "why_no_quote": "ingen enhed har dette id nu, og posten har intet citat",
        "why_transcript_gone": "transskriptionen findes ikke længere",
        "why_places": "citatet står {n} steder",
        "fix_quote": "For at knytte den til igen: sæt quote: til sætningen, som transskriptionen siger den nu, eller slet posten.",
        "fix_transcript_gone": "Tilføj transskriptionens fil under transcripts: i stc.yaml, eller slet posten, hvis interviewet er taget ud af studiet.",
        "fix_places": "For at knytte den til igen: gør quote: længere, så det peger på ét sted.",
        "fix_interviewer": "For at knytte den til igen: citér informantens svar i stedet (eller ret speakers: i stc.yaml, hvis den, der taler, er en informant).",
        "fix_across": "For at knytte den til igen: giv informantens ord i hver taletur sin egen post.",
        "fix_label": "For at knytte den til igen: udelad talerens navn i quote:.",
        "fix_outside": "Slet posten, eller citér en informants ord.",
        "place_interviewer": "citatet er interviewerens ord",
        "place_across": "citatet går over flere taleture",
        "place_label": "citatet begynder med talerens navn",
        "place_outside": "citatet er ingens tale: en overskrift eller forsiden",
        "orphaned_edited": "{where}: beslutningen om {name} er forældreløs: teksten er ændret i transskriptionen, hvor linje {line} nu lyder {text}; den er bevaret. Sæt quote: til den sætning for at knytte den til igen.",
    },
    "sv": {
        "status_draft": "utkast från stc", "status_edited": "skrivet av forskaren", "status_stale": "inaktuellt",
        "draft_stale": "{n:kondensat är inaktuellt|kondensat är inaktuella}: enheterna har ändrats sedan {n:=det|de} skrevs.",
        "draft_orphans": "{n:beslut|beslut} i coding.yaml hittar inte längre sin text och räknas inte (se valideringen).",
        "draft_stamp": "UTKAST",
        "draft_units": "{n} förslag är inte {n:=granskat|granskade} ännu; {n:=det|de} räknas inte.",
        "draft_condensates": "{n} kondensat är fortfarande {n:=ett utkast|utkast} från stc.",
        "reviewed": "{reviewed} av {units:enhet|enheter} {reviewed:=granskad|granskade} av {coder}",
        "reviewed_nobody": "{reviewed} av {units:enhet|enheter} {reviewed:=granskad|granskade}",
        "step2": "Meningsbärande enheter: {units:enhet|enheter} med koder bekräftade av forskaren; {reviewed}.",
        "step2_how": "stc föreslog koder efter regler ({rules}), och forskaren avgjorde dem i sitt sammanhang: godkända {accepted}, avvisade {rejected}{waiting}; koder tillagda för hand: {added}.",
        "rules_codebook": "kodbokens nyckelord och mönster",
        "rules_suggest": "kodbokens nyckelord och mönster, och det som stc suggest har lärt sig av kodningen",
        "step2_waiting": ", väntar fortfarande {n}",
        "step2_by_hand": "Forskaren kodade för hand (tillagda koder: {added}); ingen regel föreslog några.",
        "step2_uncoded": "{uncoded} av informanternas ord har ingen bekräftad kod. Meningarna som ingen regel föreslog en kod för finns i uncoded.csv; de med avvisade eller väntande förslag finns i meaning_units.csv.",
        "units_sentences": "De meningsbärande enheterna är avsnitt som stc skar ut ur informanternas repliker, på upp till {n:mening|meningar} vardera, eller så som forskaren markerade dem i coding.yaml.",
        "units_turn": "De meningsbärande enheterna är informanternas repliker, en vardera, eller avsnitt som forskaren markerade i coding.yaml.",
        "contents": "Innehåll",
        "other_voices": "Andra röster",
        "in_context": "I sitt sammanhang",
        "question": "Intervjuare",
        "level_error": "Fel",
        "level_warning": "Varning",
        "context_warning": "”{label}”: citatet {unit} börjar med ”{word}”: läs det i sitt sammanhang; det kan bero på vad som sades före.",
        "contrast_after": "”{label}”: citatet {unit} följs i samma replik av {after}: kontrollera att informanten inte säger motsatsen till citatet.",
        "quantifier_mismatch": "”{word}” i ”{sentence}”, men {n} av {total:informant|informanter} har bekräftade enheter under ”{label}”: kontrollera påståendet.",
        "appendix_matrix": "Bilaga B. Kod × informant och täckning",
        "counts_note": "Siffrorna visar hur mycket text som kodats, inte vad som hittats: STC är tolkande, och fynden står i resultatdelen ovan.",
        "appendix_trace": "Bilaga C. Spårbarhet",
        "trace_note": "Alla bekräftade meningsbärande enheter bakom varje kategori (även i traceability.csv).",
        "appendix_transcripts": "Bilaga D. Transkriptioner",
        "orphaned": "{where}: beslutet om {name} är föräldralöst ({why}); det är sparat. {fix}",
        "why_not_found": "texten finns inte längre",
        "why_no_quote": "ingen enhet har detta id nu, och posten har inget citat",
        "why_transcript_gone": "transkriptionen finns inte längre",
        "why_places": "citatet står på {n} ställen",
        "fix_quote": "För att koppla det till texten igen: sätt quote: till meningen så som transkriptionen säger den nu, eller ta bort posten.",
        "fix_transcript_gone": "Lägg till transkriptionens fil under transcripts: i stc.yaml, eller ta bort posten om intervjun har tagits ur studien.",
        "fix_places": "För att koppla det till texten igen: gör quote: längre, så att det pekar på ett ställe.",
        "fix_interviewer": "För att koppla det till texten igen: citera informantens svar i stället (eller rätta speakers: i stc.yaml om den som talar är en informant).",
        "fix_across": "För att koppla det till texten igen: ge informantens ord i varje replik en egen post.",
        "fix_label": "För att koppla det till texten igen: ta bort talarens namn ur quote:.",
        "fix_outside": "Ta bort posten, eller citera en informants ord.",
        "place_interviewer": "citatet är intervjuarens ord",
        "place_across": "citatet går över flera repliker",
        "place_label": "citatet börjar med talarens namn",
        "place_outside": "citatet är ingens tal: en rubrik eller försättsbladet",
        "orphaned_edited": "{where}: beslutet om {name} är föräldralöst: texten har ändrats i transkriptionen, där rad {line} nu lyder {text}; det är sparat. Sätt quote: till den meningen för att koppla det till texten igen.",
    },
    "de": {
        "status_draft": "Entwurf von stc", "status_edited": "von den Forschenden geschrieben", "status_stale": "veraltet",
        "draft_stale": "{n:Kondensat ist|Kondensate sind} veraltet: {n:=seine|ihre} Sinneinheiten haben sich seither geändert.",
        "draft_orphans": "{n:Entscheidung|Entscheidungen} in coding.yaml {n:=findet|finden} ihren Text nicht mehr und {n:=wird|werden} nicht gezählt (siehe Validierung).",
        "draft_stamp": "ENTWURF",
        "draft_units": "{n:Vorschlag ist|Vorschläge sind} noch nicht geprüft; {n:=er wird|sie werden} nicht gezählt.",
        "draft_condensates": "{n:Kondensat ist|Kondensate sind} noch {n:=ein Entwurf|Entwürfe} von stc.",
        "reviewed": "{reviewed} von {units:Einheit|Einheiten} geprüft von {coder}",
        "reviewed_nobody": "{reviewed} von {units:Einheit|Einheiten} geprüft",
        "step2": "Sinneinheiten: {units:Einheit|Einheiten} mit von den Forschenden bestätigten Codes; {reviewed}.",
        "step2_how": "stc schlug Codes nach Regeln vor ({rules}); die Forschenden entschieden im Kontext über sie: angenommen {accepted}, abgelehnt {rejected}{waiting}; von Hand hinzugefügte Codes: {added}.",
        "rules_codebook": "Schlüsselwörter und Muster des Codebuchs",
        "rules_suggest": "Schlüsselwörter und Muster des Codebuchs und was stc suggest aus der Codierung gelernt hat",
        "step2_waiting": ", noch offen {n}",
        "step2_by_hand": "Die Forschenden codierten von Hand (hinzugefügte Codes: {added}); keine Regel hatte Codes vorgeschlagen.",
        "step2_uncoded": "{uncoded} der Wörter der Befragten haben keinen bestätigten Code. Sätze, für die keine Regel einen Code vorschlug, stehen in uncoded.csv; solche mit abgelehnten oder offenen Vorschlägen stehen in meaning_units.csv.",
        "units_sentences": "Die Sinneinheiten sind Passagen, die stc aus den Redebeiträgen der Befragten schnitt, von je bis zu {n:Satz|Sätzen}, oder wie die Forschenden sie in coding.yaml markierten.",
        "units_turn": "Die Sinneinheiten sind die Redebeiträge der Befragten, je einer, oder Passagen, die die Forschenden in coding.yaml markierten.",
        "contents": "Inhalt",
        "other_voices": "Andere Stimmen",
        "in_context": "Im Zusammenhang",
        "question": "Interviewende Person",
        "level_error": "Fehler",
        "level_warning": "Warnung",
        "context_warning": "„{label}“: das Zitat {unit} beginnt mit „{word}“: lesen Sie es im Zusammenhang; es kann vom zuvor Gesagten abhängen.",
        "contrast_after": "„{label}“: auf das Zitat {unit} folgt im selben Redebeitrag {after}: prüfen Sie, ob die Person danach das Gegenteil des Zitats sagt.",
        "quantifier_mismatch": "„{word}“ in „{sentence}“, aber {n} von {total} Befragten {n:=hat|haben} bestätigte Einheiten unter „{label}“: prüfen Sie die Aussage.",
        "appendix_matrix": "Anhang B. Code × Befragte und Abdeckung",
        "counts_note": "Die Zahlen zeigen, wie viel Text codiert wurde, nicht was gefunden wurde: STC ist interpretativ, die Befunde stehen im Ergebnisteil oben.",
        "appendix_trace": "Anhang C. Nachvollziehbarkeit",
        "trace_note": "Alle bestätigten Sinneinheiten hinter jeder Kategorie (auch in traceability.csv).",
        "appendix_transcripts": "Anhang D. Transkripte",
        "orphaned": "{where}: die Entscheidung zu {name} ist verwaist ({why}); sie bleibt erhalten. {fix}",
        "why_not_found": "ihr Text ist nicht mehr zu finden",
        "why_no_quote": "keine Einheit hat jetzt diese ID, und der Eintrag hat kein Zitat",
        "why_transcript_gone": "ihr Transkript gibt es nicht mehr",
        "why_places": "ihr Zitat steht an {n} Stellen",
        "fix_quote": "Um sie wieder zuzuordnen, setzen Sie quote: auf den Satz, wie das Transkript ihn jetzt sagt, oder löschen Sie den Eintrag.",
        "fix_transcript_gone": "Nehmen Sie die Datei des Transkripts unter transcripts: in stc.yaml auf, oder löschen Sie den Eintrag, wenn das Interview aus der Studie genommen wurde.",
        "fix_places": "Um sie wieder zuzuordnen, verlängern Sie quote:, sodass es eine Stelle benennt.",
        "fix_interviewer": "Um sie wieder zuzuordnen, zitieren Sie stattdessen die Antwort der befragten Person (oder korrigieren Sie speakers: in stc.yaml, falls die sprechende Person zu den Befragten gehört).",
        "fix_across": "Um sie wieder zuzuordnen, geben Sie den Worten der befragten Person in jedem Redebeitrag einen eigenen Eintrag.",
        "fix_label": "Um sie wieder zuzuordnen, lassen Sie den Namen der sprechenden Person aus quote: weg.",
        "fix_outside": "Löschen Sie den Eintrag, oder zitieren Sie die Worte einer befragten Person.",
        "place_interviewer": "das Zitat sind die Worte der interviewenden Person",
        "place_across": "das Zitat reicht über mehrere Redebeiträge",
        "place_label": "das Zitat beginnt mit dem Namen der sprechenden Person",
        "place_outside": "das Zitat ist niemandes Rede: eine Überschrift oder das Deckblatt",
        "orphaned_edited": "{where}: die Entscheidung zu {name} ist verwaist: ihr Text wurde im Transkript geändert, wo Zeile {line} jetzt {text} lautet; sie bleibt erhalten. Setzen Sie quote: auf diesen Satz, um sie wieder zuzuordnen.",
    },
}  # fmt: skip
for _language, _phrases in REVIEW_PHRASES.items():
    PHRASES[_language].update(_phrases)

# Quantifier words in the researcher's analytic text, and what each claims of n of total
# participants: «alle» is wrong for 6 of 8, «de fleste» is right.
# Quantifier words and the claim each makes about how many participants (``claim_holds``).
# A sentence's claim about the participants is its first quantifier phrase (the subject, in a
# researcher's prose: "Most felt that nobody understood them" claims "most"), read as the
# longest phrase that starts there: «almost all» is not «all», «not all» not «all». A phrase
# whose claim is "" is no claim about participants («at all», «every day», «i alle fall»,
# «bare én gang»): it is passed over, and the next phrase is read.
QUANTIFIER_WORDS: dict[str, dict[str, str]] = {
    "nb": {
        "nesten alle": "most", "ikke alle": "not_all", "alle unntatt én": "all_but_one",
        "alle": "all", "samtlige": "all", "de fleste": "most", "flertallet": "most",
        "halvparten": "half", "flere": "several", "mange": "several", "ikke mange": "few",
        "noen": "some", "bare få": "few", "få av": "few", "ingen av": "none",
        "bare én": "one", "kun én": "one", "bare en av": "one", "kun en av": "one",
        "bare en informant": "one", "kun en informant": "one",
        "i alle fall": "", "i alle tilfeller": "", "alle slags": "", "noen ganger": "",
        "noen gang": "", "mange ganger": "", "på mange måter": "", "bare én gang": "",
        "kun én gang": "",
    },
    "nn": {
        "nesten alle": "most", "ikkje alle": "not_all", "alle": "all", "dei fleste": "most",
        "fleirtalet": "most", "halvparten": "half", "fleire": "several", "mange": "several",
        "ikkje mange": "few", "nokre": "some", "berre få": "few", "få av": "few",
        "ingen av": "none", "berre éin": "one", "berre ein av": "one",
        "berre ein informant": "one",
        "i alle fall": "", "i alle høve": "", "alle slags": "", "nokre gonger": "",
        "mange gonger": "", "på mange måtar": "", "berre éin gong": "",
    },
    "da": {
        "næsten alle": "most", "ikke alle": "not_all", "alle": "all", "samtlige": "all",
        "de fleste": "most", "flertallet": "most", "halvdelen": "half", "flere": "several",
        "mange": "several", "ikke mange": "few", "nogle": "some", "kun få": "few",
        "få af": "few", "ingen af": "none", "kun én": "one", "kun en af": "one",
        "kun en informant": "one", "kun en deltager": "one",
        "i alle tilfælde": "", "alle mulige": "", "alle slags": "", "nogle gange": "",
        "mange gange": "", "på mange måder": "", "kun én gang": "",
    },
    "sv": {
        "nästan alla": "most", "inte alla": "not_all", "alla utom en": "all_but_one",
        "alla": "all", "samtliga": "all", "de flesta": "most", "majoriteten": "most",
        "flertalet": "most", "hälften": "half", "flera": "several", "många": "several",
        "inte många": "few", "några": "some", "bara få": "few", "få av": "few",
        "ingen av": "none", "bara en av": "one", "endast en av": "one", "bara ett av": "one",
        "endast ett av": "one", "bara en informant": "one", "endast en informant": "one",
        "bara en deltagare": "one", "endast en deltagare": "one",
        "i alla fall": "", "inte alla gånger": "", "alla slags": "", "några gånger": "",
        "många gånger": "", "på många sätt": "",
    },
    "en": {
        "almost all": "most", "nearly all": "most", "not all": "not_all",
        "not every": "not_all", "not everyone": "not_all", "not everybody": "not_all",
        "all but one": "all_but_one", "all": "all", "every": "all", "everyone": "all",
        "everybody": "all", "most": "most", "the majority": "most", "half": "half",
        "several": "several", "many": "several", "quite a few": "several", "not many": "few",
        "some": "some", "few": "few", "a minority": "few", "none of": "none", "no one": "none",
        "nobody": "none", "only one": "one",
        "at all": "", "after all": "", "all in all": "", "above all": "", "first of all": "",
        "all along": "", "all right": "", "all the way": "", "all the time": "", "all day": "",
        "all kinds of": "", "all sorts of": "", "all of a sudden": "", "once and for all": "",
        "every day": "", "every time": "", "every week": "", "every now and then": "",
        "every so often": "", "every other": "", "the most": "", "at most": "",
        "most of the time": "", "some time": "", "half an": "", "half the time": "",
        "half of the time": "", "how many": "", "in many ways": "", "too many": "",
        "many times": "", "many years": "", "the only one": "",
    },
    "de": {
        "fast alle": "most", "nicht alle": "not_all", "nicht jeder": "not_all", "alle": "all",
        "allen": "all", "sämtliche": "all", "die meisten": "most", "den meisten": "most",
        "die mehrheit": "most", "die hälfte": "half", "mehrere": "several", "viele": "several",
        "nicht viele": "few", "nicht wenige": "several", "einige": "some", "wenige": "few",
        "keiner der": "none", "keine der": "none", "niemand": "none",
        "auf alle fälle": "", "ein für alle mal": "", "alle paar": "", "einige male": "",
        "viele male": "",
    },
}  # fmt: skip


@functools.cache
def quantifier_phrases(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for the language's quantifier phrases, longest first (so the longest phrase
    starting at a place is the one read), and each phrase's claim."""
    words = QUANTIFIER_WORDS.get(language, QUANTIFIER_WORDS["en"])
    ordered = sorted(words, key=lambda w: (-len(w), w))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)")
    return pattern, words


def claim_holds(claim: str, n: int, total: int) -> bool:
    """Whether a quantifier's claim fits n of total participants."""
    if claim == "all":
        return n == total and total > 0
    if claim == "most":
        return 2 * n > total
    if claim == "half":
        return 2 * n == total or abs(2 * n - total) <= 1
    if claim == "several":
        return n >= 3 or (n >= 2 and total <= 4)
    if claim == "some":
        return n >= 2
    if claim == "few":
        return n > 0 and 3 * n <= total
    if claim == "not_all":
        return n < total
    if claim == "all_but_one":
        return n == total - 1
    if claim == "one":
        return n == 1
    return n == 0  # none


# The analysis trail (stc.trail): step 1, themes to categories, information power.
TRAIL_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "step1_themes": "Total impression: the researcher recorded {n:preliminary theme|preliminary themes} (see the analysis trail); stc's candidate themes (impression.md) are word clusters to prompt the reading, not themes.",
        "step1_none": "Total impression: no preliminary themes were recorded (themes.yaml).",
        "trail": "Analysis trail",
        "themes_heading": "Preliminary themes (step 1)",
        "themes_none": "No preliminary themes were recorded (themes.yaml).",
        "preconceptions": "Preconceptions",
        "preconceptions_none": "No preconceptions memo was recorded (preconceptions.md).",
        "theme_trace": "From themes to code groups to categories",
        "theme": "theme",
        "code_groups": "code groups",
        "categories": "categories",
        "led_nowhere": "led to no category",
        "no_theme": "Categories that no preliminary theme led to: {categories}.",
        "contributors": "Who each category rests on",
        "saturation": "Saturation (Guest, Namey and Chen 2020)",
        "saturation_note": "Interviews in the order they were held. Base: the first {base:interview|interviews} ({base_codes:code|codes}); runs of {run}; new-information threshold {threshold}.",
        "saturation_reached": "New information fell to or below the threshold after interview {n}.",
        "saturation_not": "New information did not fall to the threshold within {n:interview|interviews}.",
        "saturation_note_by_id": "The order the interviews were held in is not recorded (no transcript has an order or date attribute), so they are listed by id. Base: the first {base:interview|interviews} ({base_codes:code|codes}); runs of {run}; new-information threshold {threshold}.",
        "saturation_note_partly": "{known:=The first interview is|The first {known} interviews are} in the order they were held; the others follow by id, as their order is not recorded. Base: the first {base:interview|interviews} ({base_codes:code|codes}); runs of {run}; new-information threshold {threshold}.",
        "saturation_unordered": "Saturation is not judged: Guest, Namey and Chen's method reads the interviews in the order they were held. Give every transcript an order (or a date) in its front matter.",
        "saturation_unreviewed": "Saturation is not judged yet: {n:=the interview|{n} interviews} {interviews} still {n:=has|have} suggestions nobody has reviewed, so {n:=its|their} codes are not all counted.",
        "pending_mark": "{n:suggestion waiting|suggestions waiting}",
        "draft_units_in": "Not fully reviewed: {interviews}.",
        "sub_stale": "Stale: its meaning units changed since the condensate was written; the text below may no longer hold.",
        "sub_pending": "{n:suggestion|suggestions} for this code {n:=waits|wait} for review and {n:=is|are} not counted here yet.",
        "rests_on_waiting": "Suggestions for this code from {waiting} of {total:participant|participants} still wait for review.",
        "rests_on_groups": ", in {k} of {n:transcript|transcripts}",
        "category_stale": "Stale: the meaning units under {labels} changed since {n:=its condensate was|their condensates were} written; this text rests on {n:=it|them} and may no longer hold.",
        "lines_note": "Line numbers (l.) count the lines of each transcript as stc read it, out/text/<id>.txt; for .txt and .md files they are the file's own lines.",
        "transcripts_note": "The transcripts as stc read them, numbered as the line references count. This appendix holds the participants' words in full: before you share the report with someone who may not see them, leave it out with report: {{transcripts: false}} in stc.yaml. report.md never holds it.",
        "saturation_too_few": "Too few interviews to judge saturation by this method: it needs at least {needed} (a base of {base} and a run of {run}); the material has {n:interview|interviews}.",
        "interview": "interview",
        "codes": "codes",
        "new_codes": "new codes",
        "cumulative": "codes so far",
        "share_new": "share new",
        "run_new": "new in run",
        "information_power": "Information power (Malterud, Siersma and Guassora 2016)",
        "ip_aim": "Aim",
        "ip_specificity": "Sample specificity",
        "ip_theory": "Use of established theory",
        "ip_dialogue": "Quality of dialogue",
        "ip_analysis": "Analysis strategy",
        "ip_missing": "not filled in (information_power in stc.yaml)",
        "themes_count": "{n:preliminary theme|preliminary themes}: the total impression usually gives 4–8.",
        "theme_before_interviews": "The preliminary theme “{label}” is dated {date}, before the interview {interview} ({held}): the total impression comes from reading all the material. Correct the date, or say in the theme's memo that it grew as the interviews came in.",
        "order_partial": "The order of the interviews is known for {known} of {total:transcript|transcripts} (order: {order}, date: {date}): the saturation table takes those first and the others by id. Give every transcript an order (or a date) in its front matter (a .docx, .odt, .vtt or .srt file keeps it in a file beside it, such as informant-8.vtt.yaml), or none.",
        "chart_label": "New codes per interview",
    },
    "nb": {
        "step1_themes": "Helhetsinntrykk: forskeren registrerte {n:foreløpig tema|foreløpige temaer} (se analysesporet); kandidattemaene fra stc (impression.md) er ordklynger som innganger til lesingen, ikke temaer.",
        "step1_none": "Helhetsinntrykk: ingen foreløpige temaer er registrert (themes.yaml).",
        "trail": "Analysespor",
        "themes_heading": "Foreløpige temaer (trinn 1)",
        "themes_none": "Ingen foreløpige temaer er registrert (themes.yaml).",
        "preconceptions": "Forforståelse",
        "preconceptions_none": "Ingen notat om forforståelse er registrert (preconceptions.md).",
        "theme_trace": "Fra temaer til kodegrupper til kategorier",
        "theme": "tema",
        "code_groups": "kodegrupper",
        "categories": "kategorier",
        "led_nowhere": "førte ikke til noen kategori",
        "no_theme": "Kategorier som ikke kom fra noe foreløpig tema: {categories}.",
        "contributors": "Hvem hver kategori bygger på",
        "saturation": "Metning (Guest, Namey og Chen 2020)",
        "saturation_note": "Intervjuene i den rekkefølgen de ble gjort. Basis: {base:=det første intervjuet|de første {base} intervjuene} ({base_codes:kode|koder}); løpelengde {run:intervju|intervjuer}; terskel for ny informasjon {threshold}.",
        "saturation_reached": "Ny informasjon falt til eller under terskelen etter intervju {n}.",
        "saturation_not": "Ny informasjon falt ikke til terskelen innen {n:intervju|intervjuer}.",
        "saturation_note_by_id": "Rekkefølgen intervjuene ble gjort i, er ikke registrert (ingen transkripsjon har attributtet order eller date), så de står etter id. Basis: {base:=det første intervjuet|de første {base} intervjuene} ({base_codes:kode|koder}); løpelengde {run:intervju|intervjuer}; terskel for ny informasjon {threshold}.",
        "saturation_note_partly": "{known:=Det første intervjuet står|De første {known} intervjuene står} i den rekkefølgen de ble gjort; de andre følger etter id, fordi rekkefølgen deres ikke er registrert. Basis: {base:=det første intervjuet|de første {base} intervjuene} ({base_codes:kode|koder}); løpelengde {run:intervju|intervjuer}; terskel for ny informasjon {threshold}.",
        "saturation_unordered": "Metning er ikke vurdert: Guest, Namey og Chens metode leser intervjuene i den rekkefølgen de ble gjort. Gi hver transkripsjon en order (eller date) i front matter.",
        "saturation_unreviewed": "Metning er ikke vurdert ennå: {n:=intervjuet|de {n} intervjuene} {interviews} har forslag som ingen har gjennomgått, så ikke alle kodene er talt med.",
        "pending_mark": "{n} forslag venter",
        "draft_units_in": "Ikke ferdig gjennomgått: {interviews}.",
        "sub_stale": "Foreldet: de meningsbærende enhetene er endret siden kondensatet ble skrevet; teksten under holder kanskje ikke lenger.",
        "sub_pending": "{n} forslag til denne koden venter på gjennomgang og er ikke talt med her ennå.",
        "rests_on_waiting": "Forslag til denne koden fra {waiting} av {total:informant|informanter} venter fortsatt på gjennomgang.",
        "rests_on_groups": ", i {k} av {n:transkripsjon|transkripsjoner}",
        "category_stale": "Foreldet: de meningsbærende enhetene under {labels} er endret siden {n:=kondensatet|kondensatene} ble skrevet; denne teksten bygger på {n:=det|dem} og holder kanskje ikke lenger.",
        "lines_note": "Linjenumrene (l.) teller linjene i hver transkripsjon slik stc leste den, out/text/<id>.txt; for .txt- og .md-filer er det filens egne linjer.",
        "transcripts_note": "Transkripsjonene slik stc leste dem, nummerert slik linjehenvisningene teller. Vedlegget har informantenes ord i sin helhet: før du deler rapporten med noen som ikke skal se dem, ta det ut med report: {{transcripts: false}} i stc.yaml. report.md har det aldri.",
        "saturation_too_few": "For få intervjuer til å vurdere metning med denne metoden: den trenger minst {needed} (en basis på {base} og en løpelengde på {run}); materialet har {n:intervju|intervjuer}.",
        "interview": "intervju",
        "codes": "koder",
        "new_codes": "nye koder",
        "cumulative": "koder så langt",
        "share_new": "andel nye",
        "run_new": "nytt i siste løp",
        "information_power": "Informasjonsstyrke (Malterud, Siersma og Guassora 2016)",
        "ip_aim": "Formål",
        "ip_specificity": "Utvalgets spesifisitet",
        "ip_theory": "Bruk av etablert teori",
        "ip_dialogue": "Dialogens kvalitet",
        "ip_analysis": "Analysestrategi",
        "ip_missing": "ikke fylt ut (information_power i stc.yaml)",
        "themes_count": "{n:foreløpig tema|foreløpige temaer}: helhetsinntrykket gir vanligvis 4–8.",
        "theme_before_interviews": "Det foreløpige temaet «{label}» er datert {date}, før intervjuet {interview} ({held}): helhetsinntrykket kommer av å lese hele materialet. Rett datoen, eller skriv i temaets memo at det vokste fram mens intervjuene kom inn.",
        "order_partial": "Rekkefølgen er kjent for {known} av {total:transkripsjon|transkripsjoner} (order: {order}, date: {date}): metningstabellen tar dem først og de andre etter id. Gi alle transkripsjonene order (eller date) i front matter (en .docx-, .odt-, .vtt- eller .srt-fil har den i en fil ved siden av, som informant-8.vtt.yaml), eller ingen.",
        "chart_label": "Nye koder per intervju",
    },
    "nn": {
        "step1_themes": "Heilskapsinntrykk: forskaren registrerte {n:førebels tema|førebelse tema} (sjå analysesporet); kandidattema frå stc (impression.md) er ordklynger som inngangar til lesinga, ikkje tema.",
        "step1_none": "Heilskapsinntrykk: ingen førebelse tema er registrerte (themes.yaml).",
        "trail": "Analysespor",
        "themes_heading": "Førebelse tema (steg 1)",
        "themes_none": "Ingen førebelse tema er registrerte (themes.yaml).",
        "preconceptions": "Førforståing",
        "preconceptions_none": "Inkje notat om førforståing er registrert (preconceptions.md).",
        "theme_trace": "Frå tema til kodegrupper til kategoriar",
        "theme": "tema",
        "code_groups": "kodegrupper",
        "categories": "kategoriar",
        "led_nowhere": "førte ikkje til nokon kategori",
        "no_theme": "Kategoriar som ikkje kom frå noko førebels tema: {categories}.",
        "contributors": "Kven kvar kategori byggjer på",
        "saturation": "Metting (Guest, Namey og Chen 2020)",
        "saturation_note": "Intervjua i den rekkjefølgja dei vart gjorde. Basis: {base:=det første intervjuet|dei første {base} intervjua} ({base_codes:kode|kodar}); løpelengd {run:intervju|intervju}; terskel for ny informasjon {threshold}.",
        "saturation_reached": "Ny informasjon fall til eller under terskelen etter intervju {n}.",
        "saturation_not": "Ny informasjon fall ikkje til terskelen innan {n} intervju.",
        "saturation_note_by_id": "Rekkjefølgja intervjua vart gjorde i, er ikkje registrert (inga transkripsjon har attributtet order eller date), så dei står etter id. Basis: {base:=det første intervjuet|dei første {base} intervjua} ({base_codes:kode|kodar}); løpelengd {run:intervju|intervju}; terskel for ny informasjon {threshold}.",
        "saturation_note_partly": "{known:=Det første intervjuet står|Dei første {known} intervjua står} i den rekkjefølgja dei vart gjorde; dei andre følgjer etter id, fordi rekkjefølgja deira ikkje er registrert. Basis: {base:=det første intervjuet|dei første {base} intervjua} ({base_codes:kode|kodar}); løpelengd {run:intervju|intervju}; terskel for ny informasjon {threshold}.",
        "saturation_unordered": "Metting er ikkje vurdert: metoden til Guest, Namey og Chen les intervjua i den rekkjefølgja dei vart gjorde. Gje kvar transkripsjon ein order (eller date) i front matter.",
        "saturation_unreviewed": "Metting er ikkje vurdert enno: {n:=intervjuet|dei {n} intervjua} {interviews} har framlegg som ingen har gått gjennom, så ikkje alle kodane er talde med.",
        "pending_mark": "{n} framlegg ventar",
        "draft_units_in": "Ikkje ferdig gjennomgått: {interviews}.",
        "sub_stale": "Forelda: dei meiningsberande einingane er endra sidan kondensatet vart skrive; teksten under held kanskje ikkje lenger.",
        "sub_pending": "{n} framlegg til denne koden ventar på gjennomgang og er ikkje {n:=talt|talde} med her enno.",
        "rests_on_waiting": "Framlegg til denne koden frå {waiting} av {total:informant|informantar} ventar framleis på gjennomgang.",
        "rests_on_groups": ", i {k} av {n:transkripsjon|transkripsjonar}",
        "category_stale": "Forelda: dei meiningsberande einingane under {labels} er endra sidan {n:=kondensatet vart skrive|kondensata vart skrivne}; denne teksten byggjer på {n:=det|dei} og held kanskje ikkje lenger.",
        "lines_note": "Linjenummera (l.) tel linjene i kvar transkripsjon slik stc las ho, out/text/<id>.txt; for .txt- og .md-filer er det linjene i fila sjølv.",
        "transcripts_note": "Transkripsjonane slik stc las dei, nummererte slik linjetilvisingane tel. Vedlegget har orda til informantane i heilskap: før du deler rapporten med nokon som ikkje skal sjå dei, ta det ut med report: {{transcripts: false}} i stc.yaml. report.md har det aldri.",
        "saturation_too_few": "For få intervju til å vurdere metting med denne metoden: han treng minst {needed} (ein basis på {base} og ei løpelengd på {run}); materialet har {n} intervju.",
        "interview": "intervju",
        "codes": "kodar",
        "new_codes": "nye kodar",
        "cumulative": "kodar så langt",
        "share_new": "del nye",
        "run_new": "nytt i siste løp",
        "information_power": "Informasjonsstyrke (Malterud, Siersma og Guassora 2016)",
        "ip_aim": "Føremål",
        "ip_specificity": "Spesifisiteten til utvalet",
        "ip_theory": "Bruk av etablert teori",
        "ip_dialogue": "Kvaliteten på dialogen",
        "ip_analysis": "Analysestrategi",
        "ip_missing": "ikkje fylt ut (information_power i stc.yaml)",
        "themes_count": "{n:førebels tema|førebelse tema}: heilskapsinntrykket gjev vanlegvis 4–8.",
        "theme_before_interviews": "Det førebelse temaet «{label}» er datert {date}, før intervjuet {interview} ({held}): heilskapsinntrykket kjem av å lese heile materialet. Rett datoen, eller skriv i memoet til temaet at det voks fram medan intervjua kom inn.",
        "order_partial": "Rekkjefølgja er kjend for {known} av {total:transkripsjon|transkripsjonar} (order: {order}, date: {date}): metningstabellen tek dei først og dei andre etter id. Gje alle transkripsjonane order (eller date) i front matter (ei .docx-, .odt-, .vtt- eller .srt-fil har han i ei fil ved sida av, som informant-8.vtt.yaml), eller ingen.",
        "chart_label": "Nye kodar per intervju",
    },
    "da": {
        "step1_themes": "Helhedsindtryk: forskeren registrerede {n:foreløbigt tema|foreløbige temaer} (se analysesporet); kandidattemaerne fra stc (impression.md) er ordklynger som indgange til læsningen, ikke temaer.",
        "step1_none": "Helhedsindtryk: ingen foreløbige temaer er registreret (themes.yaml).",
        "trail": "Analysespor",
        "themes_heading": "Foreløbige temaer (trin 1)",
        "themes_none": "Ingen foreløbige temaer er registreret (themes.yaml).",
        "preconceptions": "Forforståelse",
        "preconceptions_none": "Intet notat om forforståelse er registreret (preconceptions.md).",
        "theme_trace": "Fra temaer til kodegrupper til kategorier",
        "theme": "tema",
        "code_groups": "kodegrupper",
        "categories": "kategorier",
        "led_nowhere": "førte ikke til nogen kategori",
        "no_theme": "Kategorier, som ikke kom fra noget foreløbigt tema: {categories}.",
        "contributors": "Hvem hver kategori bygger på",
        "saturation": "Mætning (Guest, Namey og Chen 2020)",
        "saturation_note": "Interviewene i den rækkefølge, de blev lavet. Basis: {base:=det første interview|de første {base} interview} ({base_codes:kode|koder}); løb på {run}; tærskel for ny information {threshold}.",
        "saturation_reached": "Ny information faldt til eller under tærsklen efter interview {n}.",
        "saturation_not": "Ny information faldt ikke til tærsklen inden for {n} interview.",
        "saturation_note_by_id": "Rækkefølgen, interviewene blev lavet i, er ikke registreret (ingen transskription har attributten order eller date), så de står efter id. Basis: {base:=det første interview|de første {base} interview} ({base_codes:kode|koder}); løb på {run}; tærskel for ny information {threshold}.",
        "saturation_note_partly": "{known:=Det første interview står|De første {known} interview står} i den rækkefølge, de blev lavet; de andre følger efter id, fordi deres rækkefølge ikke er registreret. Basis: {base:=det første interview|de første {base} interview} ({base_codes:kode|koder}); løb på {run}; tærskel for ny information {threshold}.",
        "saturation_unordered": "Mætning er ikke vurderet: Guest, Namey og Chens metode læser interviewene i den rækkefølge, de blev lavet. Giv hver transskription en order (eller date) i front matter.",
        "saturation_unreviewed": "Mætning er ikke vurderet endnu: {n:=interviewet|de {n} interview} {interviews} har forslag, som ingen har gennemgået, så ikke alle koder er talt med.",
        "pending_mark": "{n} forslag venter",
        "draft_units_in": "Ikke færdiggennemgået: {interviews}.",
        "sub_stale": "Forældet: de meningsbærende enheder er ændret, siden kondensatet blev skrevet; teksten nedenfor holder måske ikke længere.",
        "sub_pending": "{n} forslag til denne kode venter på gennemgang og er ikke talt med her endnu.",
        "rests_on_waiting": "Forslag til denne kode fra {waiting} af {total:informant|informanter} venter stadig på gennemgang.",
        "rests_on_groups": ", i {k} af {n:transskription|transskriptioner}",
        "category_stale": "Forældet: de meningsbærende enheder under {labels} er ændret, siden {n:=kondensatet|kondensaterne} blev skrevet; denne tekst bygger på {n:=det|dem} og holder måske ikke længere.",
        "lines_note": "Linjenumrene (l.) tæller linjerne i hver transskription, som stc læste den, out/text/<id>.txt; for .txt- og .md-filer er det filens egne linjer.",
        "transcripts_note": "Transskriptionerne, som stc læste dem, nummereret, som linjehenvisningerne tæller. Bilaget rummer informanternes ord i deres helhed: før du deler rapporten med nogen, der ikke må se dem, så udelad det med report: {{transcripts: false}} i stc.yaml. report.md rummer det aldrig.",
        "saturation_too_few": "For få interview til at vurdere mætning med denne metode: den kræver mindst {needed} (en basis på {base} og et løb på {run}); materialet har {n} interview.",
        "interview": "interview",
        "codes": "koder",
        "new_codes": "nye koder",
        "cumulative": "koder indtil nu",
        "share_new": "andel nye",
        "run_new": "nyt i løbet",
        "information_power": "Informationsstyrke (Malterud, Siersma og Guassora 2016)",
        "ip_aim": "Formål",
        "ip_specificity": "Udvalgets specificitet",
        "ip_theory": "Brug af etableret teori",
        "ip_dialogue": "Dialogens kvalitet",
        "ip_analysis": "Analysestrategi",
        "ip_missing": "ikke udfyldt (information_power i stc.yaml)",
        "themes_count": "{n:foreløbigt tema|foreløbige temaer}: helhedsindtrykket giver normalt 4–8.",
        "theme_before_interviews": "Det foreløbige tema »{label}« er dateret {date}, før interviewet {interview} ({held}): helhedsindtrykket kommer af at læse hele materialet. Ret datoen, eller skriv i temaets memo, at det voksede frem, mens interviewene kom ind.",
        "order_partial": "Rækkefølgen er kendt for {known} af {total:transskription|transskriptioner} (order: {order}, date: {date}): mætningstabellen tager dem først og de andre efter id. Giv alle transskriptionerne order (eller date) i front matter (en .docx-, .odt-, .vtt- eller .srt-fil har den i en fil ved siden af, som informant-8.vtt.yaml), eller ingen.",
        "chart_label": "Nye koder per interview",
    },
    "sv": {
        "step1_themes": "Helhetsintryck: forskaren registrerade {n:preliminärt tema|preliminära teman} (se analysspåret); kandidattemana från stc (impression.md) är ordkluster som ingångar till läsningen, inte teman.",
        "step1_none": "Helhetsintryck: inga preliminära teman är registrerade (themes.yaml).",
        "trail": "Analysspår",
        "themes_heading": "Preliminära teman (steg 1)",
        "themes_none": "Inga preliminära teman är registrerade (themes.yaml).",
        "preconceptions": "Förförståelse",
        "preconceptions_none": "Inget anteckning om förförståelse är registrerad (preconceptions.md).",
        "theme_trace": "Från teman till kodgrupper till kategorier",
        "theme": "tema",
        "code_groups": "kodgrupper",
        "categories": "kategorier",
        "led_nowhere": "ledde inte till någon kategori",
        "no_theme": "Kategorier som inte kom från något preliminärt tema: {categories}.",
        "contributors": "Vilka varje kategori bygger på",
        "saturation": "Mättnad (Guest, Namey och Chen 2020)",
        "saturation_note": "Intervjuerna i den ordning de gjordes. Bas: {base:=den första intervjun|de första {base} intervjuerna} ({base_codes:kod|koder}); serier om {run}; tröskel för ny information {threshold}.",
        "saturation_reached": "Ny information föll till eller under tröskeln efter intervju {n}.",
        "saturation_not": "Ny information föll inte till tröskeln inom {n:intervju|intervjuer}.",
        "saturation_note_by_id": "Ordningen som intervjuerna gjordes i är inte registrerad (ingen transkription har attributet order eller date), så de står efter id. Bas: {base:=den första intervjun|de första {base} intervjuerna} ({base_codes:kod|koder}); serier om {run}; tröskel för ny information {threshold}.",
        "saturation_note_partly": "{known:=Den första intervjun står|De första {known} intervjuerna står} i den ordning de gjordes; de andra följer efter id, eftersom deras ordning inte är registrerad. Bas: {base:=den första intervjun|de första {base} intervjuerna} ({base_codes:kod|koder}); serier om {run}; tröskel för ny information {threshold}.",
        "saturation_unordered": "Mättnad är inte bedömd: Guest, Namey och Chens metod läser intervjuerna i den ordning de gjordes. Ge varje transkription en order (eller date) i front matter.",
        "saturation_unreviewed": "Mättnad är inte bedömd ännu: {n:=intervjun|de {n} intervjuerna} {interviews} har förslag som ingen har granskat, så inte alla koder är räknade.",
        "pending_mark": "{n} förslag väntar",
        "draft_units_in": "Inte färdiggranskade: {interviews}.",
        "sub_stale": "Inaktuellt: de meningsbärande enheterna har ändrats sedan kondensatet skrevs; texten nedan håller kanske inte längre.",
        "sub_pending": "{n} förslag till den här koden väntar på granskning och räknas inte här ännu.",
        "rests_on_waiting": "Förslag till den här koden från {waiting} av {total:informant|informanter} väntar fortfarande på granskning.",
        "rests_on_groups": ", i {k} av {n:transkription|transkriptioner}",
        "category_stale": "Inaktuellt: de meningsbärande enheterna under {labels} har ändrats sedan {n:=kondensatet|kondensaten} skrevs; den här texten bygger på {n:=det|dem} och håller kanske inte längre.",
        "lines_note": "Radnumren (r.) räknar raderna i varje transkription så som stc läste den, out/text/<id>.txt; för .txt- och .md-filer är det filens egna rader.",
        "transcripts_note": "Transkriptionerna så som stc läste dem, numrerade så som radhänvisningarna räknar. Bilagan innehåller informanternas ord i sin helhet: innan du delar rapporten med någon som inte får se dem, utelämna den med report: {{transcripts: false}} i stc.yaml. report.md innehåller den aldrig.",
        "saturation_too_few": "För få intervjuer för att bedöma mättnad med den här metoden: den kräver minst {needed} (en bas på {base} och en serie om {run}); materialet har {n:intervju|intervjuer}.",
        "interview": "intervju",
        "codes": "koder",
        "new_codes": "nya koder",
        "cumulative": "koder hittills",
        "share_new": "andel nya",
        "run_new": "nytt i serien",
        "information_power": "Informationsstyrka (Malterud, Siersma och Guassora 2016)",
        "ip_aim": "Syfte",
        "ip_specificity": "Urvalets specificitet",
        "ip_theory": "Användning av etablerad teori",
        "ip_dialogue": "Dialogens kvalitet",
        "ip_analysis": "Analysstrategi",
        "ip_missing": "inte ifyllt (information_power i stc.yaml)",
        "themes_count": "{n:preliminärt tema|preliminära teman}: helhetsintrycket ger vanligen 4–8.",
        "theme_before_interviews": "Det preliminära temat ”{label}” är daterat {date}, före intervjun {interview} ({held}): helhetsintrycket kommer av att läsa hela materialet. Rätta datumet, eller skriv i temats memo att det växte fram medan intervjuerna kom in.",
        "order_partial": "Ordningen är känd för {known} av {total:transkription|transkriptioner} (order: {order}, date: {date}): mättnadstabellen tar dem först och de andra efter id. Ge alla transkriptioner order (eller date) i front matter (en .docx-, .odt-, .vtt- eller .srt-fil har den i en fil bredvid, som informant-8.vtt.yaml), eller ingen.",
        "chart_label": "Nya koder per intervju",
    },
    "de": {
        "step1_themes": "Gesamteindruck: die Forschenden hielten {n:vorläufiges Thema|vorläufige Themen} fest (siehe Analysepfad); die Kandidatenthemen von stc (impression.md) sind Wortcluster als Anstöße zum Lesen, keine Themen.",
        "step1_none": "Gesamteindruck: keine vorläufigen Themen festgehalten (themes.yaml).",
        "trail": "Analysepfad",
        "themes_heading": "Vorläufige Themen (Schritt 1)",
        "themes_none": "Keine vorläufigen Themen festgehalten (themes.yaml).",
        "preconceptions": "Vorverständnis",
        "preconceptions_none": "Keine Notiz zum Vorverständnis festgehalten (preconceptions.md).",
        "theme_trace": "Von Themen zu Codegruppen zu Kategorien",
        "theme": "Thema",
        "code_groups": "Codegruppen",
        "categories": "Kategorien",
        "led_nowhere": "führte zu keiner Kategorie",
        "no_theme": "Kategorien, zu denen kein vorläufiges Thema führte: {categories}.",
        "contributors": "Worauf jede Kategorie beruht",
        "saturation": "Sättigung (Guest, Namey und Chen 2020)",
        "saturation_note": "Interviews in der Reihenfolge, in der sie geführt wurden. Basis: {base:=das erste Interview|die ersten {base} Interviews} ({base_codes:Code|Codes}); Serien von {run}; Schwelle für neue Information {threshold}.",
        "saturation_reached": "Neue Information fiel nach Interview {n} auf oder unter die Schwelle.",
        "saturation_not": "Neue Information fiel innerhalb von {n:Interview|Interviews} nicht auf die Schwelle.",
        "saturation_note_by_id": "Die Reihenfolge, in der die Interviews geführt wurden, ist nicht erfasst (kein Transkript hat das Attribut order oder date), daher sind sie nach ID geordnet. Basis: {base:=das erste Interview|die ersten {base} Interviews} ({base_codes:Code|Codes}); Serien von {run}; Schwelle für neue Information {threshold}.",
        "saturation_note_partly": "{known:=Das erste Interview steht|Die ersten {known} Interviews stehen} in der Reihenfolge, in der sie geführt wurden; die übrigen folgen nach ID, da ihre Reihenfolge nicht erfasst ist. Basis: {base:=das erste Interview|die ersten {base} Interviews} ({base_codes:Code|Codes}); Serien von {run}; Schwelle für neue Information {threshold}.",
        "saturation_unordered": "Die Sättigung wurde nicht beurteilt: Die Methode von Guest, Namey und Chen liest die Interviews in der Reihenfolge, in der sie geführt wurden. Geben Sie jedem Transkript das Attribut order (oder date) im Front Matter.",
        "saturation_unreviewed": "Die Sättigung wurde noch nicht beurteilt: {n:=das Interview|die {n} Interviews} {interviews} {n:=hat|haben} Vorschläge, die niemand geprüft hat; {n:=seine|ihre} Codes sind noch nicht alle gezählt.",
        "pending_mark": "{n:Vorschlag wartet|Vorschläge warten}",
        "draft_units_in": "Nicht fertig geprüft: {interviews}.",
        "sub_stale": "Veraltet: Die Sinneinheiten haben sich geändert, seit das Kondensat geschrieben wurde; der Text unten stimmt vielleicht nicht mehr.",
        "sub_pending": "{n:Vorschlag|Vorschläge} zu diesem Code {n:=wartet|warten} auf Prüfung und {n:=ist|sind} hier noch nicht gezählt.",
        "rests_on_waiting": "Vorschläge zu diesem Code bei {waiting} von {total} Befragten warten noch auf Prüfung.",
        "rests_on_groups": ", in {k} von {n:Transkript|Transkripten}",
        "category_stale": "Veraltet: Die Sinneinheiten unter {labels} haben sich geändert, seit {n:=das Kondensat|die Kondensate} geschrieben {n:=wurde|wurden}; dieser Text beruht darauf und stimmt vielleicht nicht mehr.",
        "lines_note": "Zeilennummern (Z.) zählen die Zeilen jedes Transkripts, wie stc es gelesen hat, out/text/<id>.txt; bei .txt- und .md-Dateien sind es die Zeilen der Datei selbst.",
        "transcripts_note": "Die Transkripte, wie stc sie gelesen hat, nummeriert, wie die Zeilenverweise zählen. Dieser Anhang enthält die Worte der Befragten vollständig: Bevor Sie den Bericht mit jemandem teilen, der sie nicht sehen darf, lassen Sie ihn mit report: {{transcripts: false}} in stc.yaml weg. report.md enthält ihn nie.",
        "saturation_too_few": "Zu wenige Interviews, um die Sättigung mit dieser Methode zu beurteilen: sie braucht mindestens {needed} (eine Basis von {base} und eine Serie von {run}); das Material hat {n:Interview|Interviews}.",
        "interview": "Interview",
        "codes": "Codes",
        "new_codes": "neue Codes",
        "cumulative": "Codes bisher",
        "share_new": "Anteil neu",
        "run_new": "neu in der Serie",
        "information_power": "Informationsstärke (Malterud, Siersma und Guassora 2016)",
        "ip_aim": "Ziel",
        "ip_specificity": "Spezifität der Stichprobe",
        "ip_theory": "Nutzung etablierter Theorie",
        "ip_dialogue": "Qualität des Dialogs",
        "ip_analysis": "Analysestrategie",
        "ip_missing": "nicht ausgefüllt (information_power in stc.yaml)",
        "themes_count": "{n:vorläufiges Thema|vorläufige Themen}: der Gesamteindruck ergibt meist 4–8.",
        "theme_before_interviews": "Das vorläufige Thema „{label}“ trägt das Datum {date}, vor dem Interview {interview} ({held}): Der Gesamteindruck entsteht aus dem Lesen des ganzen Materials. Korrigieren Sie das Datum, oder schreiben Sie ins Memo des Themas, dass es mit den Interviews wuchs.",
        "order_partial": "Die Reihenfolge ist für {known} von {total:Transkript|Transkripten} bekannt (order: {order}, date: {date}): die Sättigungstabelle nimmt diese zuerst, die übrigen nach id. Geben Sie allen Transkripten order (oder date) im Front Matter (eine .docx-, .odt-, .vtt- oder .srt-Datei hat es in einer Datei daneben, etwa informant-8.vtt.yaml), oder keinem.",
        "chart_label": "Neue Codes je Interview",
    },
}  # fmt: skip
for _language, _phrases in TRAIL_PHRASES.items():
    PHRASES[_language].update(_phrases)
