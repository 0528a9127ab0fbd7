"""Per-language normalisers, on fixture sentences written for these tests."""
import pytest

from analysis.textnorm import check_text, guess_language, normalise, split_sentences, tokens


def test_arabic_letter_variants_diacritics_tatweel():
    # fixture: "the Turkish spring" with hamza-alef, tatweel, diacritics, taa marbuta, alef maqsura
    toks = tokens("أَعلنَ الرئيسُ إنهاء حالةِ الطوارئ في ألماتي، ومـــوسكى الربيعُ التركيّ", "ar")
    assert toks == ["اعلن", "الرئيس", "انهاء", "حاله", "الطوارئ", "في", "الماتي", "وموسكي",
                    "الربيع", "التركي"]


def test_turkish_dotted_and_dotless_i():
    assert tokens("IŞIK İSTANBUL'da Işıl ılık", "tr") == ["ışık", "istanbul", "ışıl", "ılık"]
    # English casing would get this wrong: the dotless capital I must not become "i"
    assert normalise("ISPARTA", "tr") == "ısparta"
    assert normalise("ISPARTA", "en") == "isparta"


def test_russian_yo_and_case():
    assert tokens("Ещё ЁЛКА: ОДКБ, ёж!", "ru") == ["еще", "елка", "одкб", "еж"]


def test_english_apostrophe_suffix_and_hyphen():
    assert tokens("Kazakhstan's foreign-trained 'terrorists'", "en") == [
        "kazakhstan", "foreign-trained", "terrorists"]


def test_kazakh_letters_kept():
    assert tokens("Қаңтар ОҚИҒАСЫ", "kk") == ["қаңтар", "оқиғасы"]


def test_sentences_split_on_lines_and_punctuation_not_abbreviations():
    text = "Headline here\nThe U.S. envoy spoke on Jan. 7 to reporters. Then he left! Why? Ok"
    assert split_sentences(text) == ["Headline here", "The U.S. envoy spoke on Jan. 7 to reporters.",
                                     "Then he left!", "Why?", "Ok"]
    assert split_sentences("قال المسؤول إن الوضع هادئ. وأضاف أن القوات انسحبت؟ نعم") == [
        "قال المسؤول إن الوضع هادئ.", "وأضاف أن القوات انسحبت؟", "نعم"]


@pytest.mark.parametrize("text,lang", [
    ("Hükümet istifa etti ve protestolar büyüdü, bu bir test cümlesidir.", "tr"),
    ("The government resigned and the protests grew, this is a test sentence.", "en"),
    ("Правительство ушло в отставку, а протесты усилились — тестовое предложение.", "ru"),
    ("Үкімет отставкаға кетті, наразылық күшейді — бұл сынақ сөйлемі.", "kk"),
    ("استقالت الحكومة واتسعت الاحتجاجات، وهذه جملة اختبارية.", "ar"),
])
def test_language_guess(text, lang):
    assert guess_language(text) == lang


def test_check_text_flags_empty_mojibake_and_replacement():
    assert check_text("   ") == ["text is empty"]
    assert any("mis-decoded" in p for p in check_text("Ã¼lke Ã§ok gÃ¼zel " * 5))
    assert any("U+FFFD" in p for p in check_text("broken \ufffd text " * 5))
