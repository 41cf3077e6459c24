"""Word lists the extractors consult, kept together so that they are read and extended in
one place. All lower-case; verbs and nouns as lemmas."""

from __future__ import annotations

# Titles that precede a person's name; the name is what follows the last of them ("Russian
# President Vladimir Putin", "Kremlin spokesperson Dmitry Peskov"). Royal and papal styles are
# left out: they are part of how the person is named ("Pope Francis", "Prince Harry").
HONORIFICS = frozenset(
    {
        *("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"),
        *("president", "vice", "prime", "minister", "chancellor", "secretary", "ambassador"),
        *("senator", "sen", "rep", "representative", "gov", "governor", "mayor", "judge"),
        *("justice", "general", "gen", "col", "colonel", "captain", "capt"),
        *("rev", "reverend", "spokesman", "spokeswoman", "spokesperson"),
        *("chairman", "chairwoman", "ceo", "chief", "former", "late"),
    }
)
# Titles of courtesy only: not a role ("Mr", "Dr").
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})

# Verbs that report speech, writing or thought (lemmas). Clause complements make them cues.
SPEECH_VERBS = frozenset(
    {
        *("say", "tell", "add", "note", "state", "claim", "announce", "write", "ask", "insist"),
        *("argue", "explain", "warn", "deny", "confirm", "propose", "offer", "reply", "respond"),
        *("suggest", "acknowledge", "admit", "declare", "report", "tweet", "post", "predict"),
        *("promise", "vow", "pledge", "threaten", "urge", "demand", "complain", "allege"),
        *("assert", "contend", "maintain", "stress", "emphasize", "emphasise", "recall"),
        *("concede", "caution", "comment", "remark", "observe", "reiterate", "repeat"),
        *("testify", "disclose", "reveal", "indicate", "conclude", "agree", "accuse", "tout"),
        *("mention", "inform", "assure", "advise", "recommend", "counter", "retort", "quip"),
        *("joke", "boast", "brag", "lament", "acknowledge", "speculate", "estimate", "signal"),
        *("point", "question", "wonder", "continue", "describe", "call", "answer", "charge"),
        *("publish", "show", "find", "project", "forecast", "order", "rule", "decide"),
    }
)
THOUGHT_VERBS = frozenset(
    {"think", "believe", "feel", "hope", "expect", "fear", "worry", "know", "want", "doubt"}
    | {"consider", "assume", "suspect", "plan", "intend", "wish", "prefer", "seem", "appear"}
)
# Cues whose content may be an infinitive ("vowed to veto the bill").
XCOMP_CUES = frozenset(
    {"promise", "vow", "pledge", "threaten", "refuse", "agree", "urge", "ask", "want", "hope"}
    | {"expect", "plan", "intend", "decide", "offer", "propose", "call", "order", "warn"}
)
CUE_VERBS = SPEECH_VERBS | THOUGHT_VERBS
NOUN_CUES = frozenset(
    {
        *("confirmation", "statement", "claim", "warning", "announcement", "assertion"),
        *("admission", "insistence", "suggestion", "denial", "promise", "pledge", "threat"),
        *("accusation", "allegation", "argument", "belief", "view", "prediction", "assurance"),
        *("comment", "remark", "proposal", "demand", "insistence", "contention", "concern"),
    }
)
