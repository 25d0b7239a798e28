"""The words of step 1's files (impression.md, themes.draft.yaml) in the project's language.

English is complete and the fallback: a phrase missing in a language is shown in English.
Placeholders are ``str.format`` fields. The report's own phrases live in ``stc.wording``.
"""

from __future__ import annotations

from collections.abc import Mapping

from stc.wording import counted

EN: dict[str, str] = {
    "title": "Total impression: {title}",
    "intro": (
        "Step 1 of systematic text condensation: read every transcript to get a total "
        "impression, then write down 4–8 preliminary themes. The figures and candidate themes "
        "below are prompts for reading, not findings. They count words; they do not read."
    ),
    "preconceptions_found": (
        "**Preconceptions:** reread your memo in `{file}` and set it aside before you read the "
        "transcripts and the candidates below."
    ),
    "preconceptions_missing": (
        "**Preconceptions:** write down what you expect to find in `{file}` in the project "
        "folder before you read on (`stc init` creates a template), then set it aside while "
        "you read."
    ),
    "note": "Note",
    "material": "The material",
    "material_text": (
        "{transcripts:transcript|transcripts}, {participants:participant|participants}, {pwords} words said by "
        "participants and {iwords} by the interviewer. Words exclude punctuation."
    ),
    "transcript": "transcript",
    "participants": "participants",
    "turns": "turns",
    "participant_words": "participant words",
    "interviewer_words": "interviewer words",
    "participant_share": "participant share",
    "corpus": "corpus",
    "frequent_words": "Frequent content words",
    "frequent_words_text": (
        "The {n} most frequent lemmas in participant speech; stop words and fillers removed. "
        "A lemma nobody said is shown as the form said most often. Every term is in `{file}`."
    ),
    "lemma": "lemma",
    "count": "count",
    "per_thousand": "per 1,000 words",
    "transcripts": "transcripts",
    "phrases": "Frequent phrases",
    "phrases_text": "Word sequences said at least twice that open and close with a content word.",
    "phrase": "phrase",
    "no_phrases": "No phrase is said more than once.",
    "distinctive": "Distinctive terms per transcript",
    "distinctive_text": (
        "Terms each transcript uses more than the other transcripts together: log-likelihood "
        "keyness G² (over 3.84 is p < 0.05), said at least twice. Shown as term (count, G²). "
        "Under-use has a negative G² in `{file}`."
    ),
    "distinctive_terms": "distinctive terms",
    "one_transcript": "One transcript: there is nothing to compare it with.",
    "general": "The corpus against general language",
    "general_text": (
        "Terms said at least three times that are more frequent here than in general "
        "{language} (wordfreq's frequency list, summed over the word forms said here); "
        "log-likelihood keyness G²."
    ),
    "per_million_here": "per million here",
    "per_million_general": "per million in general",
    "general_skipped": "Skipped: there is no general-language frequency list for '{language}'.",
    "themes": "Word clusters (candidate themes)",
    "themes_text": (
        "Groups of participant sentences that share vocabulary (TF-IDF over content lemmas, "
        "NMF). Use them as questions to bring to the transcripts: does this theme hold when "
        "you read the whole interview? What is missing that no word count can show?"
    ),
    "themes_supported": (
        "{requested:theme was|themes were} asked for; the material supports {supported} "
        "({passages:passage|passages} of participant speech, {vocabulary:term|terms} shared by "
        "at least two passages)."
    ),
    "no_themes": "No candidate themes: there is too little participant speech.",
    "theme": "Word cluster",
    "top_terms": "Top terms",
    "sentences": "Sentences: {n} from {p:participant|participants}",
    "line": "line",
    "lines": "lines",
    "next_steps": "Next steps",
    "next_1": "Read every transcript in full, with your preconceptions set aside.",
    "next_2": "Write down 4–8 preliminary themes in your own words, in `themes.yaml`: your themes, not these clusters, lead to the codebook.",
    "next_3": (
        "Build the codebook from your themes; `{file}` is a start for its keywords: rename, "
        "merge and split the groups, write labels and descriptions, keep only keywords that "
        "mean the theme."
    ),
    "next_4": "Try a keyword before you put it in the codebook: `stc kwic 'word*'`.",
    "draft_header": (
        "Draft codebook from `stc impression`: candidate themes, prompts for reading, not\n"
        "findings. Rename groups and codes, rewrite labels and descriptions, keep only\n"
        "keywords that mean the theme, split each group into codes (subgroups), then point\n"
        "[codebook] in stc.yaml to the edited copy and run `stc check`."
    ),
    "draft_name": "Draft: {title}",
    "draft_description": "Candidate themes from stc impression, to be edited into a codebook.",
    "group_description": (
        "Candidate theme from stc impression (a prompt, not a finding): {n:sentence|sentences} from "
        "{p:participant|participants}. Rewrite this after reading the transcripts."
    ),
    "code_description": "Split into codes (subgroups) and say when to use each.",
}

NB: dict[str, str] = {
    "title": "Helhetsinntrykk: {title}",
    "intro": (
        "Trinn 1 i systematisk tekstkondensering: les alle transkripsjonene for å få et "
        "helhetsinntrykk, og skriv ned 4–8 foreløpige temaer. Tallene og temaforslagene under "
        "er hjelp til lesingen, ikke funn. De teller ord; de leser ikke."
    ),
    "preconceptions_found": (
        "**Forforståelse:** les notatet ditt i `{file}` igjen og sett det til side før du "
        "leser transkripsjonene og forslagene under."
    ),
    "preconceptions_missing": (
        "**Forforståelse:** skriv ned hva du venter å finne i `{file}` i prosjektmappa før du "
        "leser videre (`stc init` lager en mal), og sett det til side mens du leser."
    ),
    "note": "Merk",
    "material": "Materialet",
    "material_text": (
        "{transcripts:transkripsjon|transkripsjoner}, {participants:informant|informanter}, {pwords} ord sagt av "
        "informantene og {iwords} av intervjueren. Tegnsetting telles ikke."
    ),
    "transcript": "transkripsjon",
    "participants": "informanter",
    "turns": "replikker",
    "participant_words": "informantenes ord",
    "interviewer_words": "intervjuerens ord",
    "participant_share": "informantenes andel",
    "corpus": "alle",
    "frequent_words": "Hyppige innholdsord",
    "frequent_words_text": (
        "De {n} hyppigste lemmaene i informantenes tale; stoppord og fyllord er fjernet. Et "
        "lemma ingen sa, vises som formen som ble sagt oftest. Alle termer står i `{file}`."
    ),
    "lemma": "lemma",
    "count": "antall",
    "per_thousand": "per 1000 ord",
    "transcripts": "transkripsjoner",
    "phrases": "Hyppige uttrykk",
    "phrases_text": "Ordfølger sagt minst to ganger som begynner og slutter med et innholdsord.",
    "phrase": "uttrykk",
    "no_phrases": "Ingen uttrykk er sagt mer enn én gang.",
    "distinctive": "Særegne termer per transkripsjon",
    "distinctive_text": (
        "Termer hver transkripsjon bruker mer enn de andre til sammen: log-likelihood G² "
        "(over 3,84 er p < 0,05), sagt minst to ganger. Vist som term (antall, G²). Underbruk "
        "har negativ G² i `{file}`."
    ),
    "distinctive_terms": "særegne termer",
    "one_transcript": "Én transkripsjon: det er ingenting å sammenligne med.",
    "general": "Materialet mot allmennspråket",
    "general_text": (
        "Termer sagt minst tre ganger som er hyppigere her enn i allment {language} "
        "(wordfreqs frekvensliste, summert over ordformene sagt her); log-likelihood G²."
    ),
    "per_million_here": "per million her",
    "per_million_general": "per million allment",
    "general_skipped": "Hoppet over: det finnes ingen allmenn frekvensliste for '{language}'.",
    "themes": "Ordklynger (temaforslag)",
    "themes_text": (
        "Grupper av informantsetninger som deler ordforråd (TF-IDF over innholdslemmaer, NMF). "
        "Bruk dem som spørsmål til transkripsjonene: holder temaet når du leser hele "
        "intervjuet? Hva mangler som ingen ordtelling kan vise?"
    ),
    "themes_supported": (
        "{requested:tema|temaer} ble bedt om; materialet bærer {supported} ({passages} avsnitt "
        "informanttale, {vocabulary:term|termer} felles for minst to avsnitt)."
    ),
    "no_themes": "Ingen temaforslag: det er for lite informanttale.",
    "theme": "Ordklynge",
    "top_terms": "Viktigste termer",
    "sentences": "Setninger: {n} fra {p:informant|informanter}",
    "line": "linje",
    "lines": "linjer",
    "next_steps": "Neste steg",
    "next_1": "Les hver transkripsjon i sin helhet, med forforståelsen satt til side.",
    "next_2": "Skriv ned 4–8 foreløpige temaer med dine egne ord, i `themes.yaml`: temaene dine, ikke disse klyngene, leder til kodeboka.",
    "next_3": (
        "Lag kodeboka ut fra temaene dine; `{file}` er et utgangspunkt for nøkkelordene: gi "
        "nytt navn, slå sammen og del gruppene, skriv etiketter og beskrivelser, behold bare "
        "nøkkelord som betyr temaet."
    ),
    "next_4": "Prøv et nøkkelord før det settes i kodeboka: `stc kwic 'ord*'`.",
    "draft_header": (
        "Utkast til kodebok fra `stc impression`: temaforslag, hjelp til lesingen, ikke\n"
        "funn. Gi grupper og koder nye navn, skriv om etiketter og beskrivelser, behold bare\n"
        "nøkkelord som betyr temaet, del hver gruppe i koder (subgrupper), pek så [codebook]\n"
        "i stc.yaml til den redigerte kopien og kjør `stc check`."
    ),
    "draft_name": "Utkast: {title}",
    "draft_description": "Temaforslag fra stc impression, som skal redigeres til en kodebok.",
    "group_description": (
        "Temaforslag fra stc impression (hjelp til lesingen, ikke et funn): {n:setning|setninger} fra "
        "{p:informant|informanter}. Skriv dette om etter at du har lest transkripsjonene."
    ),
    "code_description": "Del i koder (subgrupper) og si når hver skal brukes.",
}

NN: dict[str, str] = {
    **NB,
    "preconceptions_found": "**Førforståing:** les notatet ditt i `{file}` på nytt, og set det til sides før du les transkripsjonane og framlegga under.",
    "preconceptions_missing": "**Førforståing:** skriv ned kva du ventar å finne, i `{file}` i prosjektmappa, før du les vidare (`stc init` lagar ein mal), og set det til sides medan du les.",
    "transcripts": "transkripsjonar",
    "count": "tal",
    "frequent_words_text": "Dei {n} hyppigaste lemmaa i talen til informantane; stoppord og fyllord er tekne bort. Eit lemma ingen sa, blir vist som den forma som vart sagd oftast. Alle termane står i `{file}`.",
    "phrases_text": "Ordfølgjer sagde minst to gonger som byrjar og sluttar med eit innhaldsord.",
    "no_phrases": "Ingen uttrykk er sagde meir enn éin gong.",
    "distinctive_text": "Termar kvar transkripsjon brukar meir enn dei andre til saman: log-likelihood G² (over 3,84 er p < 0,05), sagde minst to gonger. Viste som term (tal, G²). Underbruk har negativ G² i `{file}`.",
    "one_transcript": "Éin transkripsjon: det er ingenting å samanlikne med.",
    "general_text": "Termar sagde minst tre gonger som er hyppigare her enn i allment {language} (frekvenslista til wordfreq, summert over ordformene sagde her); log-likelihood G².",
    "themes_text": "Grupper av informantsetningar som deler ordforråd (TF-IDF over innhaldslemma, NMF). Bruk dei som spørsmål til transkripsjonane: held temaet når du les heile intervjuet? Kva manglar som inga ordteljing kan vise?",
    "next_4": "Prøv eit nøkkelord før det kjem inn i kodeboka: `stc kwic 'ord*'`.",
    "draft_header": "Utkast til kodebok frå `stc impression`: temaframlegg, hjelp til lesinga, ikkje\nfunn. Gje grupper og kodar nye namn, skriv om etikettar og skildringar, behald berre\nnøkkelord som tyder temaet, del kvar gruppe i kodar (subgrupper), peik så [codebook]\ni stc.yaml til den redigerte kopien og køyr `stc check`.",
    "title": "Heilskapsinntrykk: {title}",
    "intro": (
        "Steg 1 i systematisk tekstkondensering: les alle transkripsjonane for å få eit "
        "heilskapsinntrykk, og skriv ned 4–8 førebelse tema. Tala og temaframlegga under er "
        "hjelp til lesinga, ikkje funn. Dei tel ord; dei les ikkje."
    ),
    "material": "Materialet",
    "participants": "informantar",
    "participant_words": "orda til informantane",
    "interviewer_words": "orda til intervjuaren",
    "participant_share": "delen til informantane",
    "frequent_words": "Hyppige innhaldsord",
    "phrases": "Hyppige uttrykk",
    "distinctive": "Særeigne termar per transkripsjon",
    "distinctive_terms": "særeigne termar",
    "general": "Materialet mot allmennspråket",
    "general_skipped": "Hoppa over: det finst inga allmenn frekvensliste for '{language}'.",
    "themes": "Ordklynger (temaframlegg)",
    "no_themes": "Ingen temaframlegg: det er for lite informanttale.",
    "top_terms": "Viktigaste termar",
    "sentences": "Setningar: {n} frå {p:informant|informantar}",
    "next_steps": "Neste steg",
    "next_1": "Les kvar transkripsjon i heilskap, med førforståinga sett til side.",
    "next_2": "Skriv ned 4–8 førebelse tema med dine eigne ord, i `themes.yaml`: temaa dine, ikkje desse klyngene, fører til kodeboka.",
    "next_3": (
        "Lag kodeboka ut frå temaa dine; `{file}` er eit utgangspunkt for nøkkelorda: gje "
        "nye namn, slå saman og del gruppene, skriv etikettar og skildringar, behald berre "
        "nøkkelord som tyder temaet."
    ),
    "draft_name": "Utkast: {title}",
    "draft_description": "Temaframlegg frå stc impression, som skal redigerast til ei kodebok.",
    "code_description": "Del i kodar (subgrupper) og sei når kvar skal brukast.",
    "material_text": (
        "{transcripts:transkripsjon|transkripsjonar}, {participants:informant|informantar}, "
        "{pwords} ord sagde av informantane og {iwords} av intervjuaren. Teiknsetjing vert "
        "ikkje talt med."
    ),
    "themes_supported": (
        "Det vart bede om {requested:tema|tema}; materialet gjev grunnlag for {supported} "
        "({passages} avsnitt informanttale, {vocabulary:term|termar} felles for minst to "
        "avsnitt)."
    ),
    "group_description": (
        "Temaframlegg frå stc impression (hjelp til lesinga, ikkje eit funn): "
        "{n:setning|setningar} frå {p:informant|informantar}. Skriv dette om etter at du har "
        "lese transkripsjonane."
    ),
}

DA: dict[str, str] = {
    "title": "Helhedsindtryk: {title}",
    "intro": (
        "Trin 1 i systematisk tekstkondensering: læs alle transskriptioner for at få et "
        "helhedsindtryk, og skriv 4–8 foreløbige temaer ned. Tallene og temaforslagene "
        "nedenfor er hjælp til læsningen, ikke fund. De tæller ord; de læser ikke."
    ),
    "preconceptions_found": (
        "**Forforståelse:** genlæs dit notat i `{file}` og læg det til side, før du læser "
        "transskriptionerne og forslagene nedenfor."
    ),
    "preconceptions_missing": (
        "**Forforståelse:** skriv ned, hvad du forventer at finde, i `{file}` i projektmappen, "
        "før du læser videre (`stc init` laver en skabelon), og læg det til side, mens du læser."
    ),
    "note": "Bemærk",
    "material": "Materialet",
    "material_text": (
        "{transcripts:transskription|transskriptioner}, {participants:informant|informanter}, "
        "{pwords} ord sagt af "
        "informanterne og {iwords} af intervieweren. Tegnsætning tælles ikke."
    ),
    "transcript": "transskription",
    "participants": "informanter",
    "turns": "replikker",
    "participant_words": "informanternes ord",
    "interviewer_words": "interviewerens ord",
    "participant_share": "informanternes andel",
    "corpus": "alle",
    "frequent_words": "Hyppige indholdsord",
    "frequent_words_text": (
        "De {n} hyppigste lemmaer i informanternes tale; stopord og fyldord er fjernet. Et lemma, "
        "ingen sagde, vises som den form, der blev sagt oftest. Alle termer står i `{file}`."
    ),
    "lemma": "lemma",
    "count": "antal",
    "per_thousand": "pr. 1000 ord",
    "transcripts": "transskriptioner",
    "phrases": "Hyppige udtryk",
    "phrases_text": "Ordforbindelser sagt mindst to gange, der begynder og slutter med et indholdsord.",
    "phrase": "udtryk",
    "no_phrases": "Intet udtryk er sagt mere end én gang.",
    "distinctive": "Særlige termer pr. transskription",
    "distinctive_text": (
        "Termer, hver transskription bruger mere end de andre tilsammen: log-likelihood G² "
        "(over 3,84 er p < 0,05), sagt mindst to gange. Vist som term (antal, G²). Underbrug "
        "har negativ G² i `{file}`."
    ),
    "distinctive_terms": "særlige termer",
    "one_transcript": "Én transskription: der er intet at sammenligne med.",
    "general": "Materialet sammenlignet med almindeligt dansk",
    "general_text": (
        "Termer sagt mindst tre gange, som er hyppigere her end i almindeligt {language} "
        "(wordfreqs frekvensliste, summeret over ordformerne sagt her); log-likelihood G²."
    ),
    "per_million_here": "pr. million her",
    "per_million_general": "pr. million generelt",
    "general_skipped": "Sprunget over: der findes ingen almen frekvensliste for '{language}'.",
    "themes": "Ordklynger (temaforslag)",
    "themes_text": (
        "Grupper af informantsætninger, der deler ordforråd (TF-IDF over indholdslemmaer, NMF). "
        "Brug dem som spørgsmål til transskriptionerne: holder temaet, når du læser hele "
        "interviewet? Hvad mangler, som ingen ordoptælling kan vise?"
    ),
    "themes_supported": (
        "Der blev bedt om {requested:tema|temaer}; materialet bærer {supported} ({passages} afsnit "
        "informanttale, {vocabulary:term|termer} fælles for mindst to afsnit)."
    ),
    "no_themes": "Ingen temaforslag: der er for lidt informanttale.",
    "theme": "Ordklynge",
    "top_terms": "Vigtigste termer",
    "sentences": "Sætninger: {n} fra {p:informant|informanter}",
    "line": "linje",
    "lines": "linjer",
    "next_steps": "Næste skridt",
    "next_1": "Læs hver transskription i sin helhed, med forforståelsen lagt til side.",
    "next_2": "Skriv 4–8 foreløbige temaer ned med dine egne ord, i `themes.yaml`: dine temaer, ikke disse klynger, fører til kodebogen.",
    "next_3": (
        "Byg kodebogen ud fra dine temaer; `{file}` er et udgangspunkt for nøgleordene: omdøb, "
        "slå sammen og del grupperne, skriv etiketter og beskrivelser, behold kun nøgleord, der "
        "betyder temaet."
    ),
    "next_4": "Prøv et nøgleord, før det kommer i kodebogen: `stc kwic 'ord*'`.",
    "draft_header": (
        "Udkast til kodebog fra `stc impression`: temaforslag, hjælp til læsningen, ikke\n"
        "fund. Omdøb grupper og koder, omskriv etiketter og beskrivelser, behold kun\n"
        "nøgleord, der betyder temaet, del hver gruppe i koder (undergrupper), og peg\n"
        "[codebook] i stc.yaml på den redigerede kopi og kør `stc check`."
    ),
    "draft_name": "Udkast: {title}",
    "draft_description": "Temaforslag fra stc impression, der skal redigeres til en kodebog.",
    "group_description": (
        "Temaforslag fra stc impression (hjælp til læsningen, ikke et fund): {n:sætning|sætninger} fra "
        "{p:informant|informanter}. Omskriv dette, når du har læst transskriptionerne."
    ),
    "code_description": "Del i koder (undergrupper), og skriv, hvornår hver bruges.",
}

SV: dict[str, str] = {
    "title": "Helhetsintryck: {title}",
    "intro": (
        "Steg 1 i systematisk textkondensering: läs alla transkriptioner för att få ett "
        "helhetsintryck och skriv ner 4–8 preliminära teman. Siffrorna och temaförslagen nedan "
        "är hjälp för läsningen, inte fynd. De räknar ord; de läser inte."
    ),
    "preconceptions_found": (
        "**Förförståelse:** läs din anteckning i `{file}` igen och lägg den åt sidan innan du "
        "läser transkriptionerna och förslagen nedan."
    ),
    "preconceptions_missing": (
        "**Förförståelse:** skriv ner vad du väntar dig att hitta i `{file}` i projektmappen "
        "innan du läser vidare (`stc init` skapar en mall), och lägg den åt sidan medan du läser."
    ),
    "note": "Obs",
    "material": "Materialet",
    "material_text": (
        "{transcripts:transkription|transkriptioner}, {participants:informant|informanter}, {pwords} ord sagda av "
        "informanterna och {iwords} av intervjuaren. Skiljetecken räknas inte."
    ),
    "transcript": "transkription",
    "participants": "informanter",
    "turns": "repliker",
    "participant_words": "informanternas ord",
    "interviewer_words": "intervjuarens ord",
    "participant_share": "informanternas andel",
    "corpus": "alla",
    "frequent_words": "Vanliga innehållsord",
    "frequent_words_text": (
        "De {n} vanligaste lemmana i informanternas tal; stoppord och utfyllnadsord borttagna. "
        "Ett lemma som ingen sa visas som den form som sades oftast. Alla termer finns i `{file}`."
    ),
    "lemma": "lemma",
    "count": "antal",
    "per_thousand": "per 1000 ord",
    "transcripts": "transkriptioner",
    "phrases": "Vanliga uttryck",
    "phrases_text": "Ordföljder sagda minst två gånger som börjar och slutar med ett innehållsord.",
    "phrase": "uttryck",
    "no_phrases": "Inget uttryck sägs mer än en gång.",
    "distinctive": "Utmärkande termer per transkription",
    "distinctive_text": (
        "Termer som varje transkription använder mer än de andra tillsammans: log-likelihood G² "
        "(över 3,84 är p < 0,05), sagda minst två gånger. Visas som term (antal, G²). "
        "Underanvändning har negativt G² i `{file}`."
    ),
    "distinctive_terms": "utmärkande termer",
    "one_transcript": "En transkription: det finns inget att jämföra med.",
    "general": "Materialet mot allmänspråket",
    "general_text": (
        "Termer sagda minst tre gånger som är vanligare här än i allmän {language} "
        "(wordfreqs frekvenslista, summerad över ordformerna sagda här); log-likelihood G²."
    ),
    "per_million_here": "per miljon här",
    "per_million_general": "per miljon allmänt",
    "general_skipped": "Hoppades över: det finns ingen allmän frekvenslista för '{language}'.",
    "themes": "Ordkluster (temaförslag)",
    "themes_text": (
        "Grupper av informantmeningar som delar ordförråd (TF-IDF över innehållslemman, NMF). "
        "Använd dem som frågor till transkriptionerna: håller temat när du läser hela "
        "intervjun? Vad saknas som ingen ordräkning kan visa?"
    ),
    "themes_supported": (
        "{requested:tema|teman} efterfrågades; materialet bär {supported} ({passages} avsnitt "
        "där informanter talar, {vocabulary:term gemensam|termer gemensamma} för minst två "
        "avsnitt)."
    ),
    "no_themes": "Inga temaförslag: informanterna säger för lite.",
    "theme": "Ordkluster",
    "top_terms": "Viktigaste termer",
    "sentences": "Meningar: {n} från {p:informant|informanter}",
    "line": "rad",
    "lines": "rader",
    "next_steps": "Nästa steg",
    "next_1": "Läs varje transkription i sin helhet och sätt förförståelsen inom parentes.",
    "next_2": "Skriv ner 4–8 preliminära teman med egna ord, i `themes.yaml`: dina teman, inte dessa kluster, leder till kodboken.",
    "next_3": (
        "Bygg kodboken utifrån dina teman; `{file}` är en utgångspunkt för nyckelorden: byt "
        "namn på, slå ihop och dela grupperna, skriv etiketter och beskrivningar, behåll bara "
        "nyckelord som betyder temat."
    ),
    "next_4": "Pröva ett nyckelord innan det läggs i kodboken: `stc kwic 'ord*'`.",
    "draft_header": (
        "Utkast till kodbok från `stc impression`: temaförslag, hjälp för läsningen, inte\n"
        "fynd. Byt namn på grupper och koder, skriv om etiketter och beskrivningar, behåll\n"
        "bara nyckelord som betyder temat, dela varje grupp i koder (undergrupper), peka\n"
        "sedan [codebook] i stc.yaml på den redigerade kopian och kör `stc check`."
    ),
    "draft_name": "Utkast: {title}",
    "draft_description": "Temaförslag från stc impression, att redigera till en kodbok.",
    "group_description": (
        "Temaförslag från stc impression (hjälp för läsningen, inte ett fynd): {n:mening|meningar} från "
        "{p:informant|informanter}. Skriv om detta när du har läst transkriptionerna."
    ),
    "code_description": "Dela i koder (undergrupper) och skriv när var och en ska användas.",
}

DE: dict[str, str] = {
    "title": "Gesamteindruck: {title}",
    "intro": (
        "Schritt 1 der systematischen Textkondensation: Lesen Sie alle Transkripte, um einen "
        "Gesamteindruck zu gewinnen, und notieren Sie 4–8 vorläufige Themen. Die Zahlen und "
        "Themenvorschläge unten sind Lesehilfen, keine Befunde. Sie zählen Wörter; sie lesen nicht."
    ),
    "preconceptions_found": (
        "**Vorannahmen:** Lesen Sie Ihre Notiz in `{file}` noch einmal und legen Sie sie "
        "beiseite, bevor Sie die Transkripte und die Vorschläge unten lesen."
    ),
    "preconceptions_missing": (
        "**Vorannahmen:** Notieren Sie in `{file}` im Projektordner, was Sie zu finden "
        "erwarten, bevor Sie weiterlesen (`stc init` legt eine Vorlage an), und legen Sie es "
        "beim Lesen beiseite."
    ),
    "note": "Hinweis",
    "material": "Das Material",
    "material_text": (
        "{transcripts:Transkript|Transkripte}, {participants:teilnehmende Person|Teilnehmende}, {pwords} Wörter der "
        "Teilnehmenden und {iwords} der Interviewenden. Satzzeichen zählen nicht."
    ),
    "frequent_words_text": (
        "Die {n} häufigsten Lemmata in der Rede der Teilnehmenden, ohne Stopp- und Füllwörter. "
        "Ein Lemma, das niemand sagte, erscheint als die am häufigsten gesagte Form. Alle "
        "Begriffe stehen in `{file}`."
    ),
    "phrases_text": (
        "Wortfolgen, die mindestens zweimal gesagt wurden und mit einem Inhaltswort beginnen "
        "und enden."
    ),
    "no_phrases": "Keine Wendung wird mehr als einmal gesagt.",
    "distinctive_text": (
        "Begriffe, die ein Transkript häufiger verwendet als alle anderen zusammen: "
        "Log-Likelihood G² (über 3,84 ist p < 0,05), mindestens zweimal gesagt. Angegeben als "
        "Begriff (Anzahl, G²). Seltener Gebrauch hat ein negatives G² in `{file}`."
    ),
    "one_transcript": "Ein Transkript: Es gibt nichts, womit es verglichen werden kann.",
    "general_text": (
        "Begriffe, die mindestens dreimal gesagt wurden und hier häufiger sind als im "
        "allgemeinen {language} (Häufigkeitsliste von wordfreq, summiert über die hier "
        "gesagten Wortformen); Log-Likelihood G²."
    ),
    "general_skipped": "Übersprungen: Für '{language}' gibt es keine allgemeine Häufigkeitsliste.",
    "themes_text": (
        "Gruppen von Sätzen der Teilnehmenden mit gemeinsamem Wortschatz (TF-IDF über "
        "Inhaltslemmata, NMF). Nutzen Sie sie als Fragen an die Transkripte: Trägt das Thema, "
        "wenn Sie das ganze Interview lesen? Was fehlt, das keine Wortzählung zeigen kann?"
    ),
    "themes_supported": (
        "{requested:Thema wurde|Themen wurden} angefragt; das Material trägt {supported} "
        "({passages:Abschnitt|Abschnitte} Rede der Teilnehmenden, {vocabulary:Begriff|Begriffe} "
        "in mindestens zwei Abschnitten)."
    ),
    "next_3": (
        "Entwickeln Sie das Codebuch aus Ihren Themen; `{file}` ist ein Ausgangspunkt für die "
        "Schlüsselwörter: Gruppen umbenennen, zusammenführen und teilen, Bezeichnungen und "
        "Beschreibungen schreiben, nur Schlüsselwörter behalten, die das Thema bedeuten."
    ),
    "next_4": "Probieren Sie ein Schlüsselwort aus, bevor es ins Codebuch kommt: `stc kwic 'wort*'`.",
    "draft_header": (
        "Codebuch-Entwurf aus `stc impression`: Themenvorschläge, Lesehilfen, keine\n"
        "Befunde. Benennen Sie Gruppen und Codes um, schreiben Sie Bezeichnungen und\n"
        "Beschreibungen neu, behalten Sie nur Schlüsselwörter, die das Thema bedeuten, teilen\n"
        "Sie jede Gruppe in Codes (Untergruppen), richten Sie dann [codebook] in stc.yaml auf\n"
        "die bearbeitete Kopie und führen Sie `stc check` aus."
    ),
    "group_description": (
        "Themenvorschlag aus stc impression (eine Lesehilfe, kein Befund): {n:Satz|Sätze} von {p} "
        "Teilnehmenden. Schreiben Sie dies neu, nachdem Sie die Transkripte gelesen haben."
    ),
    "transcript": "Transkript",
    "participants": "Teilnehmende",
    "turns": "Redebeiträge",
    "participant_words": "Wörter der Teilnehmenden",
    "interviewer_words": "Wörter der Interviewenden",
    "participant_share": "Anteil der Teilnehmenden",
    "corpus": "gesamt",
    "frequent_words": "Häufige Inhaltswörter",
    "lemma": "Lemma",
    "count": "Anzahl",
    "per_thousand": "pro 1000 Wörter",
    "transcripts": "Transkripte",
    "phrases": "Häufige Wendungen",
    "phrase": "Wendung",
    "distinctive": "Kennzeichnende Begriffe je Transkript",
    "distinctive_terms": "kennzeichnende Begriffe",
    "general": "Das Material im Vergleich zur Allgemeinsprache",
    "per_million_here": "pro Million hier",
    "per_million_general": "pro Million allgemein",
    "themes": "Wortcluster (Themenvorschläge)",
    "no_themes": "Keine Themenvorschläge: Es gibt zu wenig Rede der Teilnehmenden.",
    "theme": "Wortcluster",
    "top_terms": "Wichtigste Begriffe",
    "sentences": "Sätze: {n} von {p} Teilnehmenden",
    "line": "Zeile",
    "lines": "Zeilen",
    "next_steps": "Nächste Schritte",
    "next_1": "Lesen Sie jedes Transkript vollständig und stellen Sie Ihre Vorannahmen zurück.",
    "next_2": "Notieren Sie 4–8 vorläufige Themen in eigenen Worten, in `themes.yaml`: Ihre Themen, nicht diese Cluster, führen zum Codebuch.",
    "draft_name": "Entwurf: {title}",
    "draft_description": "Themenvorschläge aus stc impression, zu einem Codebuch zu bearbeiten.",
    "code_description": "In Codes (Untergruppen) aufteilen und angeben, wann jeder gilt.",
}

PHRASES: dict[str, Mapping[str, str]] = {
    "en": EN,
    "nb": NB,
    "nn": NN,
    "da": DA,
    "sv": SV,
    "de": DE,
}

# Language names as step 1's text uses them ("than in general Danish").
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "nb": {"nb": "bokmål", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk"},
    "nn": {"nb": "bokmål", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk"},
    "da": {"nb": "norsk", "nn": "nynorsk", "da": "dansk", "sv": "svensk", "en": "engelsk"},
    "sv": {"nb": "norska", "nn": "nynorska", "da": "danska", "sv": "svenska", "en": "engelska"},
    "de": {
        "nb": "Norwegisch",
        "da": "Dänisch",
        "sv": "Schwedisch",
        "en": "Englisch",
        "de": "Deutsch",
    },
}


class Phrases:
    """The phrases of one language; ``phrases("da")["theme"]`` → "Tema"."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._table = PHRASES.get(language, EN)

    def __getitem__(self, key: str) -> str:
        return self._table.get(key) or EN[key]

    def __call__(self, key: str, **fields: object) -> str:
        # Numbers as Count: "{transcripts:transkripsjon|transkripsjoner}" (stc.wording).
        return self[key].format(**counted(fields))

    def language_name(self, language: str, english: str) -> str:
        return LANGUAGE_NAMES.get(self.language, {}).get(language, english)
