"""Which words are event mentions: non-event senses and one occurrence named twice.

Through the real pipeline and entity extraction: what a user sees as events of a text.
The conventions follow the ACE 2005 event guidelines (an Attack is physical violence, a
Transport moves a person or thing, Transfer-Money is not a purchase, one trigger per
event mention).
"""

from __future__ import annotations

from datetime import date

from kg.extract import extract
from kg.records import Article, Extraction

PUBLISHED = date(2022, 3, 2)


def run(nlp, resources, text: str) -> Extraction:
    article = Article(id="t", title="", text=text, published=PUBLISHED)
    return extract(article, nlp(article.full_text), resources)


def family_triggers(x: Extraction, family: str) -> list[str]:
    return [e.trigger.text for e in x.events if e.family == family]


def assert_no_event(nlp, resources, text: str, word: str, family: str) -> None:
    """``word`` in ``text`` gives no event of ``family`` (the events found are shown if it does)."""
    x = run(nlp, resources, text)
    assert word not in family_triggers(x, family), (text, [(e.type, e.trigger.text) for e in x.events])


def test_struggles_without_violence_are_not_attacks(nlp, resources) -> None:
    for text, word in (
        ("Danish ministers fought to overturn the tribunal's decision.", "fought"),
        ("Texas faces a long legal fight over its district maps.", "fight"),
        ("Clinton and Trump verbally attacked each other on Monday.", "attacked"),
        ("Rangers began a campaign to combat illegal logging near Manaus.", "combat"),
        ("Firefighters battled strong winds along the coast on Sunday.", "battled"),
        ("Abe said Japan will keep working with its partners to fight terrorism.", "fight"),
    ):
        assert_no_event(nlp, resources, text, word, "attack")
    x = run(nlp, resources, "Kurdish forces fought Islamic State militants near Mosul on Monday.")
    assert "fought" in family_triggers(x, "attack")


def test_paying_for_goods_is_not_a_money_transfer(nlp, resources) -> None:
    x = run(nlp, resources, "Leeds was given state money to pay for new buses and street lights.")
    assert "pay" not in family_triggers(x, "transfer-money")
    x = run(nlp, resources, "The migrants paid smugglers 2,000 euros on Monday.")
    assert "paid" in family_triggers(x, "transfer-money")
    # "for" a length of time is not what is bought
    x = run(nlp, resources, "The company will continue to pay its Russian staff for at least three months.")
    assert "pay" in family_triggers(x, "transfer-money")


def test_other_senses_of_movement_words(nlp, resources) -> None:
    for text, word in (
        ("A devastating economic crisis has brought shortages of food and medicine.", "brought"),
        ("The hall is so full that there is no space left to sit.", "left"),
        ("The hearing stopped after the prosecutor withdrew from the case.", "withdrew"),
        ("Charges were brought against the two editors by the ministry.", "brought"),
        ("Tendai Moyo, an analyst who heads a research group in Bulawayo, spoke.", "heads"),
    ):
        x = run(nlp, resources, text)
        moves = [e.trigger.text for e in x.events if e.type in {"transport", "withdraw", "deploy"}]
        assert word not in moves, (text, [(e.type, e.trigger.text) for e in x.events])
    x = run(nlp, resources, "Estonia withdrew its patrol boats from the two harbours on Sunday.")
    assert [e.trigger.text for e in x.events if e.type == "withdraw"] == ["withdrew"]


def test_hosting_a_meeting_is_one_meeting(nlp, resources) -> None:
    x = run(nlp, resources, "Obama hosted a meeting with Asian leaders in California on Tuesday.")
    assert family_triggers(x, "meet") == ["meeting"]
    ev = next(e for e in x.events if e.family == "meet")
    labels = {x.entity(a.entity).canonical for a in ev.arguments}
    assert any("Obama" in label for label in labels), labels


def test_apposition_restating_an_attack_is_one_attack(nlp, resources) -> None:
    x = run(nlp, resources, "She denounced Friday's gas attack, a gas attack so brutal in Idlib.")
    assert len(family_triggers(x, "attack")) == 1, [(e.type, e.trigger.text) for e in x.events]
    # two occurrences in one sentence stay two events
    x = run(nlp, resources, "Ukraine withdrew its vessels from Sevastopol and moved them to Odesa on Sunday.")
    moves = [e.trigger.text for e in x.events if e.type in {"transport", "withdraw"}]
    assert moves == ["withdrew", "moved"], [(e.type, e.trigger.text) for e in x.events]


def test_showing_and_complaining_are_not_demonstrations(nlp, resources) -> None:
    for text, word in (
        ("The crackdown demonstrates the authorities' fear of instability.", "demonstrates"),
        ("Adams canceled his show in Mississippi as a protest.", "protest"),
        ("Vietnam lodged an official protest with China on Monday.", "protest"),
        ("Soldiers marched in the annual Independence Day military parade in Kyiv.", "parade"),
    ):
        assert_no_event(nlp, resources, text, word, "protest")
    x = run(nlp, resources, "Students demonstrated outside the university in Cairo on Wednesday.")
    assert "demonstrated" in family_triggers(x, "protest")
    x = run(nlp, resources, "Thousands of people took part in a protest in Moscow on Sunday.")
    assert "protest" in family_triggers(x, "protest")


def test_idioms_of_death_and_meeting_words(nlp, resources) -> None:
    for text, family, word in (
        ("Medics stood beside the dead bodies near Karam farm.", "kill", "dead"),
        ("Cheers from the stands drowned out the speaker.", "kill", "drowned"),
        ("The war will end through a negotiated settlement.", "meet", "negotiated"),
        ("The group may meet its demise soon.", "meet", "meet"),
        ("The generals said they were prepared to meet the demands of the strikers.", "meet", "meet"),
    ):
        assert_no_event(nlp, resources, text, word, family)
    x = run(nlp, resources, "Six Syrian migrants drowned off the Turkish coast on Tuesday.")
    assert "drowned" in family_triggers(x, "kill")


def test_event_word_modifying_an_event_noun_is_one_event(nlp, resources) -> None:
    x = run(nlp, resources, "Officers examined the site of a stabbing attack in Haifa on Monday.")
    assert family_triggers(x, "attack") == ["attack"], [(e.type, e.trigger.text) for e in x.events]
    x = run(nlp, resources, "Officials condemned the chemical weapons attack in Idlib on Tuesday.")
    attacks = [e for e in x.events if e.family == "attack"]
    assert [(e.type, e.trigger.text) for e in attacks] == [("chemical-attack", "attack")]


def test_appeals_and_money_pots_are_not_calls_or_transfers(nlp, resources) -> None:
    for text, family, word in (
        ("Britain and France issued an urgent call for airdrops on Monday.", "phone-call", "call"),
        ("Osei repeated the call amid fresh accusations.", "phone-call", "call"),
        ("A Norwegian sovereign wealth fund reported a loss on Tuesday.", "transfer-money", "fund"),
        ("The court seized their funds in September.", "transfer-money", "funds"),
    ):
        assert_no_event(nlp, resources, text, word, family)
    x = run(nlp, resources, "Macron cut short a phone call with Albanese in June.")
    assert family_triggers(x, "phone-call") == ["phone call"]
    x = run(nlp, resources, "Prosecutors accused Russia of funding a coup plot in Montenegro.")
    assert "funding" in family_triggers(x, "transfer-money")


def test_more_non_event_senses(nlp, resources) -> None:
    for text, family, word in (
        ("She admitted she had hung up the phone on her editor.", "kill", "hung"),
        ("The inquiry confirms most of the evidence gathered by Amnesty.", "meet", "gathered"),
        ("Closing the clinic would leave thousands of families without doctors.", "transport", "leave"),
        ("She sent the smuggler a blurry photo on Friday.", "transport", "sent"),
        ("Volunteers will bury the dead fishermen in the town cemetery.", "kill", "dead"),
        ("Oregon will follow them, the National Conference of Tribal Leaders reports.", "meet", "Conference"),
    ):
        assert_no_event(nlp, resources, text, word, family)
    x = run(nlp, resources, "The assault on the museum in Tunis left 21 people dead on Wednesday.")
    assert "dead" in family_triggers(x, "kill")


def test_being_in_custody_is_not_an_arrest(nlp, resources) -> None:
    for text in (
        "A teenager died while held in police custody in Leeds.",
        "The two couriers, who are in Turkish custody, came from Idlib.",
        "Canada would take some migrants now held in British custody.",
    ):
        x = run(nlp, resources, text)
        assert not family_triggers(x, "arrest"), (text, [(e.type, e.trigger.text) for e in x.events])
    x = run(nlp, resources, "Police took him into custody in Kampala on Friday.")
    assert family_triggers(x, "arrest") == ["custody"]


def test_campaign_rallies_are_meetings_and_protest_rallies_stay_protests(nlp, resources) -> None:
    # a politician's rally is a campaign meeting (ACE Contact:Meet), not a demonstration
    for text in (
        "Senator Jane Holt hit back at her rival at a rally in Ohio, saying he was afraid to debate.",
        "Both nominees are holding rallies in Georgia this weekend.",
        "Thousands waited for hours at the election eve rally in Toledo.",
    ):
        x = run(nlp, resources, text)
        found = [w for w in family_triggers(x, "meet") if w.startswith("rall")]
        shown = [(e.type, e.trigger.text) for e in x.events]
        assert found and not family_triggers(x, "protest"), (text, shown)
    # a rally that names its cause is a protest, whoever speaks at it
    for text in (
        "Students held a rally against the tuition increase in Leeds.",
        "Senator Holt spoke at an anti-war rally in Leeds on Friday.",
    ):
        x = run(nlp, resources, text)
        assert "rally" in family_triggers(x, "protest"), (text, [(e.type, e.trigger.text) for e in x.events])


def test_strikes_by_workers_or_lasting_a_set_time_are_not_attacks(nlp, resources) -> None:
    for text, word in (
        ("Airport cleaners staged a 48-hour strike in Madrid last week.", "strike"),
        ("The miners' strike spread to two more pits near Katowice.", "strike"),
        ("A strike by bus drivers left commuters stranded across Lisbon.", "strike"),
        ("Port staff started a five-day strike at Antwerp on Tuesday.", "strike"),
        ("Garment workers struck at two mills near Chittagong over unpaid bonuses.", "struck"),
    ):
        assert_no_event(nlp, resources, text, word, "attack")
    # military strikes keep their reading, whoever is named with them
    for text, word in (
        ("Ukrainian strikes on Belgorod killed two people overnight.", "strikes"),
        ("A strike by government jets hit a market in Idlib.", "strike"),
        ("Navy jets struck a radar site near Hodeidah on Sunday.", "struck"),
    ):
        x = run(nlp, resources, text)
        assert word in family_triggers(x, "attack"), (text, [(e.type, e.trigger.text) for e in x.events])


def test_a_named_person_holding_a_rally_is_no_campaign_by_itself(nlp, resources) -> None:
    # an opposition rally, or one that makes a demand, is a demonstration
    for text in (
        "Opposition leader Maria Kolesnikova held a rally in Minsk on Sunday.",
        "Nawaz Sharif staged a rally in Multan on Friday, demanding a fresh vote.",
        "Tendai Biti held a rally in Bulawayo to protest against the new curfew.",
        "Crowds joined a rally led by opposition chief Tundu Lissu in Arusha, demanding electoral change.",
    ):
        x = run(nlp, resources, text)
        shown = [(e.type, e.trigger.text) for e in x.events]
        assert "rally" in family_triggers(x, "protest"), (text, shown)
        assert "rally" not in family_triggers(x, "meet"), (text, shown)
    # with an election in the clause, or a candidate or office holder hosting it: a meeting
    for text in (
        "Ann Reyes held a rally in Tucson on Friday ahead of the party primary.",
        "Governor Ann Reyes held a rally in Tucson on Friday.",
        "Opposition candidate Tendai Biti held a rally in Bulawayo on Saturday.",
    ):
        x = run(nlp, resources, text)
        shown = [(e.type, e.trigger.text) for e in x.events]
        assert "rally" in family_triggers(x, "meet"), (text, shown)
        assert "rally" not in family_triggers(x, "protest"), (text, shown)


def test_firing_back_at_a_person_is_a_verbal_reply(nlp, resources) -> None:
    for text, word in (
        ("Mayor Ortiz fired back at Governor Lane on Friday over the budget cuts.", "fired"),
        ("Senator Jane Holt hit back at her critics in a television interview.", "hit"),
    ):
        assert_no_event(nlp, resources, text, word, "attack")
    x = run(nlp, resources, "Border guards fired back at the smugglers near Kapikule on Friday.")
    assert "fired" in family_triggers(x, "attack")


def test_hanged_is_an_execution_and_hung_is_not(nlp, resources) -> None:
    x = run(nlp, resources, "Iran hanged two men convicted of spying for Israel on Saturday.")
    assert "hanged" in family_triggers(x, "kill")
    assert_no_event(nlp, resources, "Flags hung from every balcony in the old town.", "hung", "kill")


def test_carrying_signs_is_not_transport_but_carrying_people_is(nlp, resources) -> None:
    # ACE: a Transport moves people, vehicles or weapons; placards and candles are props
    for text, word in (
        ("Demonstrators carried placards and candles through the main square.", "carried"),
        ("A woman carries a portrait of her missing son outside the court.", "carries"),
    ):
        assert_no_event(nlp, resources, text, word, "transport")
    x = run(nlp, resources, "A ferry carrying 300 passengers docked in Piraeus on Sunday.")
    assert "carrying" in family_triggers(x, "transport")


def test_striking_props_and_falling_debris_are_not_attacks(nlp, resources) -> None:
    for text, word in (
        ("An angry man hit an effigy of the governor with a broom outside parliament.", "hit"),
        ("Witnesses saw burning debris hit the runway after the engine failed.", "hit"),
    ):
        assert_no_event(nlp, resources, text, word, "attack")


def test_labour_strikes_are_not_attacks(nlp, resources) -> None:
    for text in (
        "Dockworkers called a strike for Monday over unpaid wages.",
        "Nurses have been on strike in Lagos since early May.",
        "Teachers began a nationwide strike over pay on Thursday.",
    ):
        assert_no_event(nlp, resources, text, "strike", "attack")
    x = run(nlp, resources, "Israel carried out a strike on a weapons depot near Homs on Friday.")
    assert "strike" in family_triggers(x, "attack")


def test_pipelines_carrying_oil_and_recalled_ambassadors_are_not_transport(nlp, resources) -> None:
    text = "The new line will transport gas from Siberia to the coast."
    assert_no_event(nlp, resources, text, "transport", "transport")
    x = run(nlp, resources, "Bahrain withdrew its ambassador from Qatar on Monday.")
    assert "withdrew" not in family_triggers(x, "transport")
    assert [e.type for e in x.events if e.trigger.text == "withdrew"] == ["reduce-relations"]
    x = run(nlp, resources, "Nigeria withdrew its troops from the border town on Monday.")
    assert "withdrew" not in family_triggers(x, "reduce-relations")


def test_calling_a_person_is_a_phone_call(nlp, resources) -> None:
    for text, word in (
        ("Chancellor Olaf Scholz called President Emmanuel Macron on Sunday.", "called"),
        ("The king called her after the vote in parliament.", "called"),
        ("The mayor spent the morning reaching out by phone to party leaders.", "reaching"),
    ):
        x = run(nlp, resources, text)
        assert word in family_triggers(x, "phone-call"), (text, [(e.type, e.trigger.text) for e in x.events])
    for text in (
        "The senator called him a coward in a television interview.",
        "A farmer called Ivan Petrov was detained near the border.",
        "The raids, often called Operation Shield, began in May.",
        "Opposition parties called for new elections on Sunday.",
    ):
        assert_no_event(nlp, resources, text, "called", "phone-call")


def test_displacing_people_is_movement_but_the_displaced_are_people(nlp, resources) -> None:
    x = run(nlp, resources, "Shelling has displaced 40,000 villagers in the region since June.")
    assert "displaced" in family_triggers(x, "transport")
    for text in (
        "Most of the displaced are sleeping in tents near the river.",
        "Displaced families sheltered in two schools in the town.",
    ):
        assert_no_event(nlp, resources, text, "displaced", "transport")


def test_visiting_people_is_a_meeting_and_visiting_a_country_a_trip(nlp, resources) -> None:
    # ACE Contact.Meet counts visits where people come together face to face
    x = run(nlp, resources, "The health minister visited wounded soldiers at a Kyiv hospital on Monday.")
    assert "visited" in family_triggers(x, "meet"), [(e.type, e.trigger.text) for e in x.events]
    x = run(nlp, resources, "The pope visited Iraq in March for the first time.")
    assert "visited" not in family_triggers(x, "meet")
    assert [e.trigger.text for e in x.events if e.trigger.text == "visited"]


def test_hijackings_and_arson_are_attacks(nlp, resources) -> None:
    for text, word in (
        ("Armed men hijacked a bus full of pilgrims near Kandahar on Sunday.", "hijacked"),
        ("Rioters set fire to a police station in the capital overnight.", "set fire"),
        ("Masked youths torched two police cars in the suburb on Friday.", "torched"),
    ):
        x = run(nlp, resources, text)
        assert word in family_triggers(x, "attack"), (text, [(e.type, e.trigger.text) for e in x.events])
    text = "Online trolls hijacked the debate about the new tax."
    assert_no_event(nlp, resources, text, "hijacked", "attack")


def test_catching_a_suspect_is_an_arrest_and_being_caught_out_is_not(nlp, resources) -> None:
    x = run(nlp, resources, "Police caught the suspect at a bus station in Lille on Tuesday.")
    assert "caught" in family_triggers(x, "arrest"), [(e.type, e.trigger.text) for e in x.events]
    for text in (
        "Two reporters were caught in the crossfire near the bridge.",
        "The ministry was caught by surprise when the strike grew so large.",
        "The football federation was caught in a bribery scandal last year.",
    ):
        assert_no_event(nlp, resources, text, "caught", "arrest")


def test_catching_a_thing_or_on_camera_is_no_arrest(nlp, resources) -> None:
    for text in (
        "Anglers caught a two-metre tuna near Cape Town on Sunday.",
        "Doorbell cameras caught the intruder climbing over a fence in Leeds.",
        "Grainy footage caught the driver running a red light before the crash.",
        "The teenager was caught on video throwing stones at a bus in Belfast.",
        "A fuel tanker caught fire on the motorway near Lyon.",
    ):
        assert_no_event(nlp, resources, text, "caught", "arrest")
    # a person caught by someone, or someone who was caught: an arrest
    for text in (
        "Border guards caught two smugglers near Suwalki on Friday.",
        "Officers said the robber was caught two hours later in Luton.",
        "They were caught at a roadblock outside Kisumu on Friday.",
    ):
        x = run(nlp, resources, text)
        assert "caught" in family_triggers(x, "arrest"), (text, [(e.type, e.trigger.text) for e in x.events])


def test_calling_a_royal_or_office_holder_is_a_phone_call(nlp, resources) -> None:
    for text in (
        "Macron called the Qatari emir on Thursday.",
        "The chancellor called the Jordanian king on Monday night.",
    ):
        x = run(nlp, resources, text)
        shown = [(e.type, e.trigger.text) for e in x.events]
        assert "called" in family_triggers(x, "phone-call"), (text, shown)
    # naming someone, or summoning a crowd, is still not a call
    assert_no_event(nlp, resources, "Critics called the emir a tyrant on Friday.", "called", "phone-call")
    text = "The cleric called his supporters to gather outside the mosque after prayers."
    assert_no_event(nlp, resources, text, "called", "phone-call")


def test_the_fire_of_opened_fire_is_not_its_target(nlp, resources) -> None:
    from kg.extract.candidates import find_candidates

    doc = nlp("Gunmen opened fire on worshippers outside a mosque in Kano.")
    shots = [c for c in find_candidates(doc, resources.events) if c.type == "shooting"]
    assert shots and "fire" not in [t.text for _, t in shots[0].args]
    assert "worshippers" in [t.text for r, t in shots[0].args if r == "target"]


def test_prison_sentences_and_stabbings_are_events(nlp, resources) -> None:
    x = run(nlp, resources, "An appeals court cut his sentence to eight years on Thursday.")
    assert "sentence" in family_triggers(x, "sentence"), [(e.type, e.trigger.text) for e in x.events]
    text = "The opening sentence of the communique was later removed."
    assert_no_event(nlp, resources, text, "sentence", "sentence")
    x = run(nlp, resources, "Police in Leeds are investigating two stabbings near the station.")
    assert "stabbings" in family_triggers(x, "attack"), [(e.type, e.trigger.text) for e in x.events]
    x = run(nlp, resources, "A landmine maimed two shepherds near the village on Sunday.")
    assert "maimed" in family_triggers(x, "injure"), [(e.type, e.trigger.text) for e in x.events]


def test_blowing_oneself_up_is_a_suicide_bombing_and_blowing_up_a_bridge_a_demolition(nlp, resources) -> None:
    x = run(nlp, resources, "A militant blew himself up at a police checkpoint in Kirkuk on Friday.")
    assert [e.type for e in x.events if e.trigger.text.startswith("blew")] == ["suicide-bombing"]
    x = run(nlp, resources, "Retreating engineers blew up the river bridge to slow the advance.")
    assert [e.type for e in x.events if e.trigger.text.startswith("blew")] == ["destroy"]
