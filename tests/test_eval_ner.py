"""``kg eval ner``: gold readers and the CLI's JSON shape on tiny files of our own."""

from __future__ import annotations

import json

import pytest

from kg.cli import main
from kg.eval.ner import read_gold, score

IOB2 = """# newdoc id = n01
# sent_id = n01-0001
# text = Igor Konashenkov spoke in Moscow .
1\tIgor\tB-PER\t-\t-
2\tKonashenkov\tI-PER\t-\t-
3\tspoke\tO\t-\t-
4\tin\tO\t-\t-
5\tMoscow\tB-LOC\t-\t-
6\t.\tO\t-\t-

# sent_id = n01-0002
# text = Konashenkov works for the Kremlin .
1\tKonashenkov\tB-PER\t-\t-
2\tworks\tO\t-\t-
3\tfor\tO\t-\t-
4\tthe\tO\t-\t-
5\tKremlin\tB-ORG\t-\t-
6\t.\tO\t-\t-

# newdoc id = w01
# sent_id = w01-0001
# text = Paris is big .
1\tParis\tB-LOC\t-\t-
2\tis\tO\t-\t-
3\tbig\tO\t-\t-
4\t.\tO\t-\t-
"""

CONLLU = """# sent_id = 1
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-organization-new-x-cf1-2-sgl
2\tKremlin\tKremlin\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=1)
3\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_
5\treporters\treporter\tNOUN\tNNS\t_\t3\tobl\t_\tEntity=(2-person-new-x-cf2-1-sgl)
6\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
7\tMoscow\tMoscow\tPROPN\tNNP\t_\t3\tobl\t_\tEntity=(3-place-new-x-cf3-1-sgl-Moscow)|SpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_
"""


def test_iob2_reader_groups_documents_and_keeps_news_sentences(tmp_path):
    path = tmp_path / "g.iob2"
    path.write_text(IOB2, encoding="utf-8")
    news = read_gold(path)
    assert len(news) == 1 and news[0].n_sentences == 2
    assert news[0].spans == {(0, 2, "PER"), (4, 5, "LOC"), (6, 7, "PER"), (10, 11, "ORG")}
    everything = read_gold(path, "all")
    assert sum(d.n_sentences for d in everything) == 3


def test_conllu_reader_keeps_named_mentions_only(tmp_path):
    path = tmp_path / "doc.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    (doc,) = read_gold(path)
    # "the" is not part of the name; "reporters" is a common noun, not a named entity
    assert doc.spans == {(1, 2, "ORG"), (6, 7, "LOC")}
    assert doc.spaces[6] is False


def test_score_counts_exact_spans_per_type():
    result = score([{(0, 2, "PER"), (3, 4, "LOC")}], [{(0, 2, "PER"), (3, 4, "ORG")}])
    assert result["overall"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert result["by_type"]["PER"]["f1"] == 1.0 and result["by_type"]["LOC"]["r"] == 0.0


@pytest.mark.slow
def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "g.iob2"
    path.write_text(IOB2, encoding="utf-8")
    assert main(["eval", "ner", "--gold", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"overall", "by_type", "baseline", "n_docs", "n_sentences"}
    assert set(out["by_type"]) == {"PER", "ORG", "LOC"}
    assert set(out["baseline"]) == {"overall", "by_type"}
    assert set(out["overall"]) == {"p", "r", "f1"}
    assert (out["n_docs"], out["n_sentences"]) == (1, 2)
    # the repaired surname "Konashenkov" is found however spaCy tags it
    assert out["by_type"]["PER"]["r"] == 1.0


def test_cli_missing_gold_is_a_clean_error(tmp_path, capsys):
    assert main(["eval", "ner", "--gold", str(tmp_path / "nope.iob2")]) != 0
    assert "does not exist" in capsys.readouterr().err
