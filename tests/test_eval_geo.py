"""``kg eval geo``: readers for LGL and GeoWebNews XML, distance, and the CLI's JSON shape."""

from __future__ import annotations

import json

import pytest

from kg.cli import main
from kg.eval.geo import haversine_km, read_gold

TEXT = "Missiles hit Kharkiv on Tuesday, while talks were held in Gomel."
LGL = f"""<?xml version='1.0' encoding='utf-8'?>
<articles><article docid="1"><text>{TEXT}</text><toponyms>
<toponym><start>13</start><end>20</end><phrase>Kharkiv</phrase>
<gaztag geonameid="706483"><name>Kharkiv</name><lat>49.98</lat><lon>36.25</lon></gaztag></toponym>
<toponym><start>58</start><end>63</end><phrase>Gomel</phrase>
<gaztag geonameid="627907"><name>Gomel</name><lat>52.43</lat><lon>30.98</lon></gaztag></toponym>
<toponym><start>0</start><end>4</end><phrase>Miss</phrase></toponym>
</toponyms></article></articles>"""
GWN = f"""<?xml version='1.0' encoding='utf-8'?>
<articles><article file="0"><text>{TEXT}</text><toponyms>
<toponym><extractedName>Kharkiv</extractedName><start>13</start><end>20</end>
<latitude>49.98</latitude><longitude>36.25</longitude></toponym>
<toponym><extractedName>Nowhere</extractedName><start>0</start><end>4</end>
<latitude /><longitude /></toponym>
</toponyms></article></articles>"""


def test_readers_keep_toponyms_with_coordinates(tmp_path):
    lgl, gwn = tmp_path / "lgl.xml", tmp_path / "gwn.xml"
    lgl.write_text(LGL, encoding="utf-8")
    gwn.write_text(GWN, encoding="utf-8")
    ((text, tops),) = read_gold(lgl)
    assert text == TEXT and [t.phrase for t in tops] == ["Kharkiv", "Gomel"]
    assert TEXT[tops[1].start:tops[1].end] == "Gomel"
    ((_, gtops),) = read_gold(gwn)
    assert [(t.phrase, t.lat) for t in gtops] == [("Kharkiv", 49.98)]


def test_haversine():
    assert haversine_km(0, 0, 0, 0) == 0
    assert 110 < haversine_km(0, 0, 1, 0) < 112


def test_bad_xml_is_a_clean_error(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    assert main(["eval", "geo", "--gold", str(bad)]) != 0
    assert "not valid XML" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_json_resolves_the_toponyms(tmp_path, capsys):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL, encoding="utf-8")
    assert main(["eval", "geo", "--gold", str(lgl), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"acc_161km", "coverage", "mean_error_km", "n_gold", "n_resolved"}
    assert out["n_gold"] == 2 and out["n_resolved"] == 2
    assert out["coverage"] == 1.0 and out["acc_161km"] == 1.0 and out["mean_error_km"] < 161


@pytest.mark.slow
def test_cli_error_buckets_account_for_every_toponym(tmp_path, capsys):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL, encoding="utf-8")
    assert main(["eval", "geo", "--gold", str(lgl), "--json", "--errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sum(out["buckets"].values()) == out["n_gold"] == 2
    assert out["buckets"]["right"] == 2
