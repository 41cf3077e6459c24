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
        *("mp", "mep", "msp", "congressman", "congresswoman", "councillor", "councilman"),
        *("justice", "general", "gen", "col", "colonel", "captain", "capt"),
        *("rev", "reverend", "spokesman", "spokeswoman", "spokesperson"),
        *("chairman", "chairwoman", "ceo", "chief", "former", "late"),
    }
)
# The prepositions of a title: before its head, what it is of or for ("Minister for Roads
# Ana Lunde"); after it, also where and to whom ("ambassador to Chile", "editor at the Post").
TITLE_PREPOSITIONS = frozenset({"for", "of"})
TITLE_TAIL_PREPOSITIONS = TITLE_PREPOSITIONS | {"at", "to", "on"}
# Words after which a title's head has come: "minister for roads", "head of news".
TITLE_TAIL_WORDS = TITLE_TAIL_PREPOSITIONS | {"in", "with", "from"}
# Titles of courtesy only: not a role ("Mr", "Dr").
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})


def is_honorific(word: str) -> bool:
    """Whether a word is a title before a name ("Mr", "Dr.", "President", "MEP")."""
    return word.lower().rstrip(".") in HONORIFICS


def is_courtesy_title(word: str) -> bool:
    """Whether a word is a courtesy title ("Mr", "Mrs.", "Dr")."""
    return word.lower().rstrip(".") in COURTESY_TITLES


# Verbs that report speech, writing or thought (lemmas). Clause complements make them cues.
SPEECH_VERBS = frozenset(
    {
        *("say", "tell", "add", "note", "state", "claim", "announce", "write", "ask", "insist"),
        *("argue", "explain", "warn", "deny", "confirm", "propose", "offer", "reply", "respond"),
        *("suggest", "acknowledge", "admit", "declare", "report", "tweet", "post", "predict"),
        *("promise", "vow", "pledge", "threaten", "urge", "demand", "complain", "allege"),
        *("encourage",),
        *("assert", "contend", "maintain", "stress", "emphasize", "emphasise", "recall"),
        *("concede", "caution", "comment", "remark", "observe", "reiterate", "repeat"),
        *("testify", "disclose", "reveal", "indicate", "conclude", "agree", "accuse", "tout"),
        *("mention", "inform", "assure", "advise", "recommend", "counter", "retort", "quip"),
        *("joke", "boast", "brag", "lament", "acknowledge", "speculate", "estimate", "signal"),
        *("point", "question", "wonder", "continue", "describe", "call", "answer", "charge"),
        *("publish", "show", "find", "project", "forecast", "order", "rule", "decide"),
        *("shout", "yell", "scream", "exclaim", "whisper", "mutter", "highlight"),
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
    | {"tell"}
)
# Cues whose infinitive is an order only with the one ordered as their object ("told them
# to leave"; "was told to leave": by whom?).
ORDER_CUES = frozenset({"tell"})
# Cues whose content may be their object: what was cited, judged, put forward or taken up
# ("cited the comments he had made", "criticized the decision", "announced plans for a
# levy", "denied any wrongdoing"); "call" has its own ("called for a ban"). Not "support" or
# "back", which more often say where someone stands than what they said, nor "show" (measured
# no better).
OBJECT_CUES = frozenset(
    {"cite", "criticize", "criticise", "blast", "slam", "condemn", "denounce", "praise"}
    | {"endorse", "dismiss", "reject", "echo", "attack", "defend"}
    | {"claim", "describe", "offer", "propose", "announce", "question", "acknowledge"}
    | {"deny", "mention", "note", "say"}  # "said the same of the senator"
)
# What introduces the reason or the verdict a judgement gives ("criticized the bank for its
# fees", "condemned the test as reckless").
REASON_PREPOSITIONS = frozenset({"for", "over", "as"})
# Cues whose content is the object of a preposition ("called for a ban", "spoke about the
# budget", "pointed to the costs", "accused the firm of fraud"), with the prepositions that
# introduce it.
PREPOSITION_CUES = {
    "call": frozenset({"for"}),
    "speak": frozenset({"about", "of"}),
    "talk": frozenset({"about", "of"}),
    "point": frozenset({"to"}),
    "refer": frozenset({"to"}),
    "complain": frozenset({"about", "of"}),
    "brag": frozenset({"about", "of"}),
    "boast": frozenset({"about", "of"}),
    "comment": frozenset({"on"}),
    "rail": frozenset({"against"}),
    "caution": frozenset({"against"}),
    "warn": frozenset({"against", "of", "about"}),
    "accuse": frozenset({"of"}),
    "ask": frozenset({"about"}),
}
# Cues that say what their object is: "called the charges “baseless”" (the object's predicate,
# not a name: "a group called the River Fund" names), "described the mayor as a disgrace".
PREDICATE_CUES = {
    "call": frozenset({"oprd"}),
    "label": frozenset({"oprd", "as"}),
    "brand": frozenset({"oprd", "as"}),
    "dub": frozenset({"oprd"}),
    "describe": frozenset({"as"}),
    "portray": frozenset({"as"}),
    "characterize": frozenset({"as"}),
    "characterise": frozenset({"as"}),
    "depict": frozenset({"as"}),
}
# What "the company said" may call an organisation the article has named.
ORGANISATION_WORDS = frozenset(
    {"company", "firm", "group", "bank", "carrier", "airline", "retailer", "maker", "insurer"}
    | {"lender", "manufacturer", "agency", "broadcaster", "network", "club", "union", "charity"}
    | {"organisation", "organization", "party", "newspaper", "paper", "regulator", "watchdog"}
    | {"conglomerate", "giant", "operator", "supplier", "producer", "publisher", "chain"}
)
# Participles that give a name: the quoted words after them are the name of a work, a group
# or a plan ("a documentary called “No Way Back”", "known as 'the Five'"), not speech.
NAMING_VERBS = frozenset(
    {"call", "name", "title", "entitle", "dub", "nickname", "label", "brand", "know", "bill"}
)
# Cues whose object is who was spoken to, never what was said ("told the “Harbour Hour” that
# ...": the quoted words are a show's name).
ADDRESSEE_CUES = frozenset({"tell", "inform", "assure", "remind", "advise", "warn", "ask", "urge"})
# Verbs of saying as a headline sets them after a name, in title case ("Obama Says",
# "Mayor Warns"): forms, since the parse of a title-case headline gives no reliable lemma.
HEADLINE_CUES = frozenset(
    "says said tells told warns urges asks claims admits denies vows insists slams blasts"
    " calls".split()
)
# What a count, a record or a publisher shows of its object ("polls show Ruiz ahead"), and
# what it puts or lists at a figure ("estimates put the toll at 300").
AT_A_FIGURE = frozenset({"list", "put"})
FINDING_VERBS = AT_A_FIGURE | {"show"}
CUE_VERBS = (
    SPEECH_VERBS
    | THOUGHT_VERBS
    | FINDING_VERBS
    | OBJECT_CUES
    | frozenset(PREPOSITION_CUES)
    | frozenset(PREDICATE_CUES)
)
NOUN_CUES = frozenset(
    {
        *("confirmation", "statement", "claim", "warning", "announcement", "assertion"),
        *("admission", "insistence", "suggestion", "denial", "promise", "pledge", "threat"),
        *("accusation", "allegation", "argument", "belief", "view", "prediction", "assurance"),
        *("comment", "remark", "proposal", "demand", "insistence", "contention", "concern"),
    }
)


# The event type scheme, one concept a line: name | label | Wikidata class | trigger lemmas
# (verbs and nouns alike; a lemma belongs to one concept). Published as SKOS concepts in
# ontology/news.ttl; extend it here.
_EVENT_TYPE_TABLE = """
Meeting          | meeting                          | Q2761147  | meet meeting summit talks negotiation negotiate
Conversation     | conversation                     | Q52943    | talk conversation discussion chat dialogue debate
Call             | call                             | Q1164153  | call phone telephone
Interview        | interview                        | Q178651   | interview
Visit            | visit or trip                    | Q61509    | visit trip tour travel journey
Speech           | speech                           | Q861911   | speech address lecture
Ceremony         | concert, ceremony or celebration | Q2627975  | concert ceremony celebration festival rally parade commemoration funeral wedding inauguration
Election         | election or vote                 | Q40231    | election vote referendum ballot elect primary caucus
Annexation       | annexation                       | Q192781   | annex annexation
Attack           | attack                           | Q1174599  | attack bombing shooting assault raid airstrike invasion invade bomb shell
War              | war or armed conflict            | Q198      | war fighting battle clash conflict
Sanction         | sanction                         | Q1127126  | sanction embargo blacklist
DiplomaticAction | summons, recall or expulsion     | Q1341386  | summon summoning recall expel expulsion
Proposal         | proposal or request              | Q26903427 | proposal request offer invitation propose invite
Agreement        | agreement                        | Q321839   | agreement deal treaty accord pact ceasefire truce sign
Arrest           | arrest                           | Q1403016  | arrest detain detention jail imprison
Resignation      | resignation                      | Q796919   | resign resignation quit step
Appointment      | appointment                      | Q3286043  | appoint appointment nominate nomination name
Protest          | protest                          | Q273120   | protest demonstration strike boycott march
Trial            | trial or hearing                 | Q8016240  | trial hearing indict indictment convict sentence
Death            | death or killing                 | Q4        | death kill killing die murder assassination
NamedEvent       | named event                      | Q1656682  |
"""
EVENT_TYPES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    name.strip(): (label.strip(), qid.strip(), tuple(lemmas.split()))
    for line in _EVENT_TYPE_TABLE.strip().splitlines()
    for name, label, qid, lemmas in [line.split("|")]
}
EVENT_TYPE_OF_LEMMA = {lemma: name for name, (_, _, ls) in EVENT_TYPES.items() for lemma in ls}
# Lemmas that trigger an event only in one part of speech ("call" the noun, not "call" the
# verb of naming; "name" the verb of appointing; "step" as in "step down").
EVENT_NOUN_ONLY = frozenset(
    {"call", "talks", "address", "vote", "primary", "march", "strike", "deal", "sentence"}
    | {"rally"}  # "rallied from a set down", "rallied support": no rally held
)
EVENT_VERB_ONLY = frozenset({"name", "step", "sign", "shell", "elect", "phone", "telephone"})
# Whom a summons, a recall or an expulsion is of when it is diplomacy ("recalled its
# ambassador"), not a product's recall or a pupil's expulsion.
DIPLOMATS = frozenset(
    "ambassador envoy diplomat consul emissary attaché attache chargé delegation embassy mission".split()
)
# Words of armed force: a battle, a clash or a conflict is a war's only in a sentence that
# names one ("troops clashed with rebels"); news speaks of legal, takeover and sporting battles
# far more often (26 of 31 War events over 370 BBC articles were such, before this).
ARMED_FORCE = frozenset(
    "troops soldier soldiers army armies military militia militias militant militants rebel"
    " rebels insurgent insurgents fighter fighters forces force guerrilla guerrillas artillery"
    " tank tanks missile missiles rocket rockets airstrike airstrikes shelling gunfire weapon"
    " weapons armed navy warship warships jets bomb bombs ceasefire frontline front-line".split()
)
# What makes a war a figure of speech: "a bidding war", "a price war", "the anti-doping war".
FIGURATIVE_WARS = frozenset(
    "bidding price trade tariff currency culture turf word words flame format console ratings"
    " talent tax".split()
)
# Words of a court: plural "trials" are a court's only in a sentence that names one ("mobile
# TV trials", "the cross-country trials" are tests and races).
COURT_WORDS = frozenset(
    "court courts judge judges jury juries prosecutor prosecutors prosecution defendant"
    " defendants charge charges charged accused guilty verdict verdicts lawyer lawyers criminal"
    " murder fraud war-crimes tribunal appeal case cases".split()
)
# What is signed when signing makes an agreement: not autographs, books or shirts.
SIGNED_DOCUMENTS = frozenset(
    "agreement agreements deal deals treaty treaties accord accords pact contract contracts"
    " memorandum law laws bill bills constitution declaration document documents letter petition"
    " order orders decree protocol charter convention ceasefire truce lease deed".split()
)
# Words of prizes: a nomination for an award names no one to a post ("four Grammy
# nominations", "nominated for best director").
AWARD_WORDS = frozenset(
    "award awards prize prizes oscar oscars grammy grammys grammies emmy emmys bafta baftas"
    " golden globe globes category categories best".split()
)
# Objects with which "meet" means to satisfy, not to come together ("met its targets").
SATISFIED_OBJECTS = frozenset(
    "target goal deadline demand need requirement criterion criteria standard expectation rule"
    " cost condition obligation challenge threshold quota commitment payment test end fate"
    " approval definition mark benchmark limit level bill shortfall".split()
)
# Cues that are events as well: to propose or offer something is to say it and to act; an
# attack may be in words or in arms ("attacked the plan", "attacked the convoy"). Other cues
# are not events ("recalled that ...": no ambassador recalled).
STATEMENTS_AND_EVENTS = frozenset({"propose", "offer", "attack"})
# What is attacked in words only: an attack on a plan, a record or a decision is criticism (a
# statement), not an attack (an event).
ATTACKED_IN_WORDS = frozenset(
    "plan plans policy policies record decision decisions proposal proposals idea ideas remark"
    " remarks comment comments view views stance approach strategy budget bill law laws reform"
    " reforms handling claim claims report speech manifesto cost costs system rule rules"
    " ruling move deal scheme tax taxes spending failure failures performance".split()
)
# Cues that open a sentence before the name they invert ("Said Vos: “...”"), as forms.
INVERTED_CUES = frozenset(
    "said says added adds asked asks wrote writes replied replies explained explains".split()
)
# Verbs that report another's words as theirs: "the agency quoted Mr Vos as saying ...".
QUOTING_VERBS = frozenset({"quote", "cite"})
# Forms the rule lemmatizer gets wrong: it strips "hoped" to "hop", a word of its index, and
# ranks that above "hope".
LEMMA_EXCEPTIONS = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}
# Words above an event that make it hypothetical: hoped for, proposed, planned, possible.
HYPOTHETICAL_GOVERNORS = frozenset(
    "hope want wish plan propose proposal offer request seek expect intend aim would could"
    " will may might should can prepare invitation invite suggest consider call urge demand"
    " possible potential future".split()
)
# Words that introduce what has happened, whatever the clause above them wants: "called for
# calm after officials arrested him", "because of the strike".
FACT_INTRODUCERS = frozenset("after since because though although despite following".split())
NEGATORS = frozenset({"not", "no", "never", "n't", "without"})
