"""Rules of this session checked against ordinary news by a reviewer, and the misfires
mended: a visited person is met, strikes "on" somewhere stay attacks whatever verb
governs them, aid carried in boxes is still moved, and an effigy hanged is nobody killed.

Through the real pipeline and entity extraction (what a user sees as events of a text).
"""

from __future__ import annotations

from tests.test_events_trigger_senses import family_triggers, run


def roles(x, event) -> set[tuple[str, str]]:
    return {(a.role, x.entity(a.entity).canonical) for a in event.arguments}


def test_a_visited_person_is_a_participant_of_the_meeting(nlp, resources) -> None:
    x = run(nlp, resources, "Olaf Scholz visited Recep Tayyip Erdogan in Ankara on Monday.")
    meeting = next(e for e in x.events if e.family == "meet")
    assert {("participant", "Olaf Scholz"), ("participant", "Recep Tayyip Erdogan")} <= roles(x, meeting)
    # a visited town is still where the visitor went
    x = run(nlp, resources, "The prime minister visited Kharkiv on Friday.")
    assert not family_triggers(x, "meet")


def test_strikes_on_a_place_are_attacks_whatever_verb_governs_them(nlp, resources) -> None:
    for text in ("Canada and Australia joined the American strikes on Syrian airfields on Friday.",
                 "Turkey ended its strikes on Kurdish positions on Sunday."):
        x = run(nlp, resources, text)
        assert "strikes" in family_triggers(x, "attack"), (text, [(e.type, e.trigger.text) for e in x.events])
    # a labour strike ended or joined is no attack, also with a date after "on"
    for text in ("The nurses ended their strike on Friday after a pay deal.",
                 "Dockers joined the strike in Antwerp on Tuesday."):
        x = run(nlp, resources, text)
        assert not family_triggers(x, "attack"), (text, [(e.type, e.trigger.text) for e in x.events])


def test_goods_carried_in_boxes_or_bags_are_moved(nlp, resources) -> None:
    x = run(nlp, resources, "Relief lorries carried boxes of insulin into Mariupol on Wednesday.")
    assert "carried" in family_triggers(x, "transport")
    x = run(nlp, resources, "Marchers carried placards through the centre of Dublin.")
    assert "carried" not in family_triggers(x, "transport")


def test_an_effigy_hanged_is_nobody_killed(nlp, resources) -> None:
    x = run(nlp, resources, "Students hanged an effigy of the governor outside the assembly in Lagos.")
    assert not family_triggers(x, "kill"), [(e.type, e.trigger.text) for e in x.events]
    x = run(nlp, resources, "Saudi Arabia hanged three men convicted of smuggling on Sunday.")
    assert "hanged" in family_triggers(x, "kill")


def test_pilots_striking_targets_are_an_air_force_not_a_labour_dispute(nlp, resources) -> None:
    x = run(nlp, resources, "Jordanian pilots carried out strikes on militant camps in southern Syria.")
    assert "strikes" in family_triggers(x, "attack"), [(e.type, e.trigger.text) for e in x.events]
    x = run(nlp, resources, "Cabin crews and pilots staged a 48-hour strike at Lisbon airport.")
    assert not family_triggers(x, "attack"), [(e.type, e.trigger.text) for e in x.events]


def test_catching_saboteurs_or_an_agent_is_an_arrest(nlp, resources) -> None:
    for text in ("Georgian police caught three saboteurs near the pipeline on Sunday.",
                 "Counter-intelligence officers caught a foreign agent in Tallinn."):
        x = run(nlp, resources, text)
        assert "caught" in family_triggers(x, "arrest"), (text, [(e.type, e.trigger.text) for e in x.events])


def test_a_named_speaker_goes_on_in_the_next_sentence_but_a_spokesman_does_not(nlp, resources) -> None:
    x = run(nlp, resources, "President Maia Sandu told reporters the blackout was sabotage. She visited the "
                            "damaged substation on Friday.")
    visit = next(e for e in x.events if e.trigger.text == "visited")
    assert ("agent", "Maia Sandu") in roles(x, visit), roles(x, visit)
    x = run(nlp, resources, "Opposition leader Ana Morales was detained in Quito on Monday. "
                            "Police spokesman Diego Vera said officers had followed the law. "
                            "He was freed on Tuesday.")
    freed = next(e for e in x.events if e.trigger.text == "freed")
    assert ("target", "Diego Vera") not in roles(x, freed), roles(x, freed)


def test_a_name_the_parser_reads_as_an_adverb_is_still_who_was_met_or_called(nlp, resources) -> None:
    """spaCy tags a bare surname after "met" or "called" as an adverb or an object
    predicate; "who met whom" must still list both people."""
    x = run(nlp, resources, "Biden met Zelensky in Kyiv on Monday.")
    meeting = next(e for e in x.events if e.family == "meet")
    assert {("participant", "Biden"), ("participant", "Zelensky")} <= roles(x, meeting), roles(x, meeting)
    x = run(nlp, resources, "Biden called Zelensky on Tuesday to discuss military aid.")
    call = next(e for e in x.events if e.family == "phone-call")
    assert ("participant", "Zelensky") in roles(x, call), roles(x, call)
