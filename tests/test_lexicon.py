"""The concept lexicon and phrase matcher on fixture sentences in each language."""
from analysis.lexicon import Lexicon, default_lexicon
from analysis.textnorm import tokens


def concepts(text, lang):
    lex = default_lexicon()
    words = tokens(text, lang)
    hits = lex.match_sequence(words, lang)
    return lex.sentence_concepts(sorted(words), hits, lang)


def test_turkic_spring_phrase_in_each_language():
    assert "TURKIC_SPRING" in concepts("وصفت الأحداث بأنها الربيعُ التركي", "ar")
    assert "TURKIC_SPRING" in concepts("Bazı yorumcular buna Türk baharı dedi", "tr")
    assert "TURKIC_SPRING" in concepts("Некоторые назвали это тюркской весной", "ru")
    assert "TURKIC_SPRING" in concepts("Some called it a Turkic spring", "en")


def test_inflected_and_cliticised_forms():
    assert "COLOUR_REVOLUTION" in concepts("попытка цветной революции", "ru")
    assert "TURKEY" in concepts("وتركيا", "ar")                 # proclitic wa-
    assert "TURKEY" in concepts("Türkiye'nin tutumu", "tr")     # apostrophe suffix
    assert "SHOOT_TO_KILL" in concepts("orders to shoot without warning", "en")


def test_hits_are_single_tokens_sorted():
    lex = default_lexicon()
    hits = lex.match_sequence(tokens("قوات حفظ السلام من منظمة معاهدة الأمن الجماعي", "ar"), "ar")
    assert hits == sorted(hits) and all(" " not in h for h in hits)


def test_lexicon_rejects_unknown_concept(tmp_path):
    (tmp_path / "concepts.csv").write_text("concept,kind,actor,description\nX,actor,turkey,x\n")
    (tmp_path / "terms.csv").write_text("concept,language,term\nY,en,foo\n")
    import pytest
    from analysis.errors import InputError
    with pytest.raises(InputError, match="terms.csv row 2"):
        Lexicon.load(tmp_path)
