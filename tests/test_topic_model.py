"""The topic model: plain data read without scikit-learn, short items tagged like long ones,
and no topic where nothing is confident."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.tagging.topic_lexicon import load_lexicon
from indexer.tagging.topic_model import NaiveBayes, TopicModel
from indexer.tagging.topics import (
    DATA,
    TopicEvidence,
    classify,
    lexicon_hits,
    lexicon_terms,
    model_features,
    model_words,
    pick_topics,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_model_is_plain_json_with_weights_for_every_topic() -> None:
    data = json.loads((DATA / "topic_model.json").read_text(encoding="utf-8"))
    assert data["kind"] == "logistic"
    assert len(data["bias"]) == len(data["classes"]) >= 15
    assert all(len(row) == len(data["classes"]) for row in data["words"].values())


def test_tagging_needs_neither_scikit_learn_nor_numpy() -> None:
    # Each import of them fails, as on a machine without them (nltk, whose stemmer the model's
    # features use, imports them only when they are installed).
    code = (
        "import sys; sys.modules.update(dict.fromkeys(('sklearn', 'numpy', 'scipy'))); "
        "from indexer.tagging.topics import classify; "
        "print(classify('Rooney scores', 'Wayne Rooney scored twice for United.'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "['sport']", out.stderr


@pytest.mark.parametrize(
    ("title", "body", "topic"),
    [
        ("Rooney scores twice as United beat Everton", "", "sport"),
        (
            "Senate passes spending bill",
            "The vote sends the measure to the president, who is expected to sign it.",
            "politics",
        ),
        (
            "Shares slide as profits fall",
            "The firm's quarterly profit fell 20% and its shares lost a tenth of their value.",
            "economy-business-finance",
        ),
        (
            "Hurricane makes landfall",
            "The storm brought winds of 200 km/h and heavy rain to the coast.",
            "weather",
        ),
        # Clubs and gadgets the lexicon knows by name (no other word says sport or technology)
        ("Everton hold Aston Villa", "Everton drew 1-1 with Aston Villa.", "sport"),
        ("Lakers sign guard", "The Lakers signed the veteran guard to a two-year deal.", "sport"),
        (
            "Dinosaur fossil found in Argentina",
            "Palaeontologists unearthed the bones of a new dinosaur.",
            "science-technology",
        ),
        (
            "Texting breaks record",
            "Britons sent a record number of text messages on New Year's Eve.",
            "science-technology",
        ),
    ],
)
def test_a_short_item_gets_its_topic(title: str, body: str, topic: str) -> None:
    assert classify(title, body)[:1] == [topic]


def test_no_confident_topic_gives_none() -> None:
    model = TopicModel(["politics", "sport"], {"goal": [-1.0, 1.0]}, [0.0, 0.0])
    assert model.probabilities(["unknown", "words"]) == {}
    assert model.probabilities(["goal"])["sport"] > 0.5
    unsure = TopicEvidence({"politics": 0.28, "sport": 0.25, "health": 0.2}, {}, 12)
    assert pick_topics(unsure) == []
    sure = TopicEvidence({"politics": 0.3, "sport": 0.6}, {}, 12)
    assert pick_topics(sure)[0] == "sport"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Hello", "hello world"),
        ("Untitled", "Click here to read more"),
        ("Test", "This is a test."),
    ],
)
def test_a_text_of_a_few_words_that_say_nothing_gets_no_topic(title: str, body: str) -> None:
    # Two or three common words used to be one topic at 0.99 in naive Bayes (the topic prior
    # and one rare word, averaged over two features and multiplied by the temperature).
    assert classify(title, body) == []


def test_a_few_words_that_say_something_keep_their_topic() -> None:
    assert classify("Arsenal", "Wenger")[:1] == ["sport"]
    assert classify("Budget", "Tax rises")[:1] == ["economy-business-finance"]


def test_the_lexicon_leads_when_the_model_doubts() -> None:
    # The model leans to politics (0.45) but is unsure; the lexicon's sport words decide.
    doubtful = TopicEvidence({"politics": 0.45, "sport": 0.3}, {"sport": 2.0}, 12)
    assert pick_topics(doubtful)[0] == "sport"
    # A sure model keeps its topic against the same lexicon evidence.
    sure = TopicEvidence({"politics": 0.95, "sport": 0.05}, {"sport": 2.0}, 12)
    assert pick_topics(sure)[0] == "politics"


def test_an_item_the_model_knows_no_word_of_is_tagged_by_the_lexicon() -> None:
    unknown_to_model = TopicEvidence({}, {"sport": 2.0}, 12)
    assert pick_topics(unknown_to_model) == ["sport"]
    assert pick_topics(TopicEvidence({}, {}, 12)) == []


def test_naive_bayes_is_averaged_with_the_logistic_model() -> None:
    data = {
        "classes": ["politics", "sport"],
        "bias": [0.0, 0.0],
        "words": {"goal": [0.0, 0.0], "vote": [0.0, 0.0]},  # the logistic model knows no side
        "naive_bayes": {
            "prior": [math.log(0.5), math.log(0.5)],
            "denominator": [math.log(12.0), math.log(12.0)],
            "words": {"goal": [0.0, math.log(9.0)], "vote": [math.log(9.0), 0.0]},
        },
    }
    model = TopicModel.from_data(data)
    sport = model.probabilities(["goal", "unknown"])["sport"]
    assert 0.5 < sport < 1.0  # half from the undecided logistic model, half from naive Bayes
    assert model.probabilities(["vote"])["politics"] == pytest.approx(sport)
    assert model.probabilities(["unknown"]) == {}
    without = TopicModel.from_data({k: v for k, v in data.items() if k != "naive_bayes"})
    assert without.probabilities(["goal"]) == {"politics": 0.5, "sport": 0.5}


def test_the_model_reads_stems_so_other_forms_of_a_word_count_alike() -> None:
    plural = model_features("Elections", "Voters elected")
    assert plural == model_features("Election", "Voter elects")
    assert model_features("", "Voters elected") == ["voter", "elect", "voter_elect"]


def test_the_words_explaining_a_topic_are_shown_as_the_article_writes_them() -> None:
    words = model_words("Rooney scores twice", "The striker scored in the league match.", "sport")
    assert "scores" in words and "league" in words
    assert not {"score", "leagu"} & set(words)


def test_typographic_apostrophes_read_as_plain_ones() -> None:
    curly = "Britain’s prime minister said the party’s MPs don’t back the women’s rights bill."
    plain = curly.replace("’", "'")
    assert model_features("", curly) == model_features("", plain)
    assert "s" not in model_features("", curly)


def test_the_indicative_words_come_from_both_averaged_models() -> None:
    classes = ["politics", "sport"]
    logistic = {"goal": [-1.0, 1.0], "match": [0.0, 0.0], "vote": [1.0, -1.0]}
    # naive Bayes alone knows that "match" speaks for sport
    bayes = NaiveBayes(classes, [-0.7, -0.7], [3.0, 3.0], {"match": [0.0, 2.0], "goal": [0, 0]})
    model = TopicModel(classes, logistic, [0.0, 0.0], bayes)
    assert model.indicative(["goal", "match", "vote"], "sport", 5) == ["match", "goal"]
    assert model.indicative(["goal", "match", "vote"], "politics", 5) == ["vote"]


@pytest.mark.parametrize(
    ("text", "phrase", "topic"),
    [
        ("Interest rates rose again", "interest rates", "economy-business-finance"),  # rate*
        ("He won the Tour de France", "tour de france", "sport"),  # three words
        ("A Formula One driver", "formula one", "sport"),  # a function word in the phrase
        ("Search and rescue teams arrived", "search and rescue", "disaster-accident-emergency"),
        ("Hundreds of workers were laid off", "laid off", "labour"),
    ],
)
def test_every_kind_of_lexicon_phrase_is_found(text: str, phrase: str, topic: str) -> None:
    hits = lexicon_hits(lexicon_terms(text, ""))
    assert phrase in hits[topic]


def test_a_possessive_counts_as_its_word_in_the_lexicon() -> None:
    hits = lexicon_hits(lexicon_terms("The president's veto", "The company's shares fell."))
    assert "president's" in hits["politics"]
    assert "company's" in hits["economy-business-finance"]


def test_every_phrase_of_the_shipped_lexicon_can_be_found() -> None:
    lexicon = load_lexicon()
    for phrase in [*lexicon.phrases, *(p + "s" for p in lexicon.phrase_prefixes)]:
        assert lexicon.phrases_in(phrase.split()), phrase


def test_a_platform_named_as_the_channel_of_a_statement_is_not_the_subject() -> None:
    lexicon = load_lexicon()
    reaction = lexicon.totals(
        lexicon_terms("Senator's remarks spark fury on Twitter", "Twitter users mocked the vote.")
    )
    assert "science-technology" not in reaction
    subject = lexicon.totals(lexicon_terms("Twitter launches a new app", "Its users can pay."))
    assert subject["science-technology"] > 0
    assert classify("Twitter launches a new app", "The company unveiled software.")[0] == (
        "science-technology"
    )


def test_late_night_television_is_entertainment_even_when_it_mocks_politicians() -> None:
    title = "Trevor Noah Mocks Trump's Sons For Complaining About Nepotism"
    topics = classify(title, "The president's sons griped about Hunter Biden.")
    assert "arts-culture-entertainment-media" in topics
    assert "arts-culture-entertainment-media" not in classify(
        "Trump's Sons Complain About Nepotism", "The president's sons griped about Hunter Biden."
    )


@pytest.mark.parametrize(("name", "count"), [("huffpost_topics.tsv", 300), ("bbc_topics.tsv", 200)])
def test_the_items_read_by_hand_are_labelled_with_known_topics(name: str, count: int) -> None:
    from indexer.tagging.labels import TOPIC_LABELS

    rows = [
        line.split("\t")
        for line in (ROOT / "tests" / "data" / name).read_text().splitlines()
        if not line.startswith("#")
    ]
    assert len(rows) == count and len({row[0] for row in rows}) == count
    assert all(topic in TOPIC_LABELS or topic == "-" for _, topic, _ in rows)


@pytest.mark.slow
def test_the_tagger_against_items_read_by_hand(corpora: Path) -> None:
    from bench.topic_eval import read_by_hand_rows

    values = [float(value) for _, value, _ in read_by_hand_rows(None)]
    sections_agree, tagger_in_sample, reading_is_taggers, reading_is_folders = values
    assert 0.70 <= sections_agree <= 0.80  # a HuffPost section is not always the item's topic
    assert tagger_in_sample >= 0.70
    assert reading_is_taggers > reading_is_folders  # BBC: where the two differ
