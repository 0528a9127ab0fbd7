"""Fixture corpus builder for tests. Every text here was written by the Qantar team as a test
fixture (it is not article text) and says so; URLs use the reserved .example domain."""
from __future__ import annotations

import csv
from pathlib import Path

from analysis.schema import MANIFEST_COLUMNS, OUTLET_COLUMNS, QUERY_COLUMNS

FIXTURE_OUTLETS = [
    # outlet_id, name, domains, country, language, owner, bloc, source
    ("fxwest_en", "Fixture West", "west.example", "GB", "en", "fixture", "western"),
    ("fxstate_ru", "Fixture State", "state.example", "RU", "ru", "fixture", "ru_state"),
    ("fxprogov_tr", "Fixture Progov", "progov.example", "TR", "tr", "fixture", "tr_progov"),
    ("fxgulf_ar", "Fixture Gulf", "gulf.example", "AE", "ar", "fixture", "arab_sa_uae_eg"),
    ("fxqatar_ar", "Fixture Doha", "doha.example", "QA", "ar", "fixture", "arab_qatar_aligned"),
    ("fxkz_kk", "Fixture Qazaq", "qazaq.example", "KZ", "kk", "fixture", "kz_state"),
]

# (key, language, outlet, date, text) -- fixture sentences written for the tests.
FIXTURE_TEXTS = {
    "en_turkey": ("en", "fxwest_en", "2022-01-08",
                  "FIXTURE headline: Commentator says Turkey was behind the Almaty riots\n"
                  "This fixture sentence, written for Qantar tests, claims that Ankara organised "
                  "the unrest. Protests over fuel prices began in Zhanaozen on 2 January."),
    "en_rebut": ("en", "fxwest_en", "2022-01-09",
                 "FIXTURE headline: Washington rejects claims it was behind the unrest\n"
                 "The State Department denied that the United States organised the protests, "
                 "calling the accusation baseless disinformation in this fixture text."),
    "ru_west": ("ru", "fxstate_ru", "2022-01-07",
                "ФИКСТУРА: Эксперт заявил, что за беспорядками стоят США и Запад\n"
                "Это предложение написано для тестов Qantar. По его словам, боевики были "
                "подготовлены за рубежом, а цветная революция провалилась."),
    "tr_gulen": ("tr", "fxprogov_tr", "2022-01-06",
                 "TEST METNİ: Kazakistan'daki olayların arkasında FETÖ olduğu iddia edildi\n"
                 "Bu cümle Qantar testleri için yazıldı. İSTANBUL'daki yorumcular, Türkiye'nin "
                 "Kazakistan ile dayanışma içinde olduğunu söyledi ve Işık adlı bir uzman konuştu."),
    "ar_turkic": ("ar", "fxgulf_ar", "2022-01-10",
                  "نص اختباري: وسائل إعلام وصفت أحداث كازاخستان بأنها الربيع التركي\n"
                  "هذه الجملة مكتوبة لاختبارات المشروع، وتقول إنّ تركيا تقف وراء الاضطرابات "
                  "في ألماتي، وإن أيادٍ أجنبية تدخلت."),
    "ar_rebut": ("ar", "fxqatar_ar", "2022-01-12",
                 "نص اختباري: أنقرة تنفي أي دور في احتجاجات كازاخستان\n"
                 "نفت الحكومة التركية المزاعم بأنها تقف وراء الاحتجاجات، ووصفتها بأنها أكاذيب "
                 "لا أساس لها في هذا النص الاختباري."),
    "kk_fuel": ("kk", "fxkz_kk", "2022-01-04",
                "СЫНАҚ МӘТІНІ: Жаңаөзенде газ бағасы қымбаттағаны үшін наразылық басталды\n"
                "Бұл сөйлем Qantar сынақтары үшін жазылған. Тұрғындар сұйытылған газдың "
                "қымбаттауына наразылық білдіріп, алаңға шықты."),
}

FIXTURE_CODES = {
    "en_turkey": ("turkey:endorsed", "not_discussed", "not_discussed", "none", "foreign_plot"),
    "en_rebut": ("", "not_discussed", "not_discussed", "none", "foreign_plot"),
    "ru_west": ("foreign_unspecified:reported;us_west:reported", "not_discussed", "not_discussed",
                "none", "foreign_plot"),
    "tr_gulen": ("gulen_movement:reported", "not_discussed", "not_discussed", "none", "turkic_world"),
    "ar_turkic": ("foreign_unspecified:endorsed;turkey:endorsed", "not_discussed", "not_discussed",
                  "reports_claim", "foreign_plot"),
    "ar_rebut": ("", "not_discussed", "not_discussed", "rebuts_claim", "turkic_world"),
    "kk_fuel": ("econ_grievance:endorsed", "citizens", "not_discussed", "none", "economic_protest"),
}


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def outlet_rows() -> list[dict]:
    return [dict(zip(OUTLET_COLUMNS, (*o, f"https://{o[2]}/about"))) for o in FIXTURE_OUTLETS]


def query_rows(languages=("en", "ru", "tr", "ar", "kk")) -> list[dict]:
    return [{"query": "fixture query", "language": lang, "date_run": "2026-11-25",
             "collector": "fixture", "results_seen": "1", "included": "1",
             **{c: "0" for c in QUERY_COLUMNS[6:11]}, "note": ""} for lang in languages]


def manifest_row(key: str, file: str, **over) -> dict:
    lang, outlet, date, _ = FIXTURE_TEXTS[key]
    blamed, prot, csto, ts, frame = FIXTURE_CODES[key]
    row = {"file": file, "url": f"https://{outlet.split('_')[0]}.example/{key}",
           "outlet_id": outlet, "language": lang, "published": date, "date_source": "url",
           "genre": "news", "wire_source": "", "query": "fixture query", "coder": "c1",
           "blamed": blamed, "protesters_as": prot, "csto_stance": csto, "turkic_spring": ts,
           "primary_frame": frame, "note": "fixture"}
    url_host = dict((o[0], o[2]) for o in FIXTURE_OUTLETS)[outlet]
    row["url"] = f"https://{url_host}/{key}"
    row.update(over)
    return row


def scratch(tmp: Path, keys=None, **over) -> tuple[Path, Path, Path]:
    """Write fixture texts + manifest + outlets + queries to ``tmp``; return their paths."""
    keys = list(keys or FIXTURE_TEXTS)
    (tmp / "texts").mkdir(parents=True, exist_ok=True)
    rows = []
    for k in keys:
        (tmp / "texts" / f"{k}.txt").write_text(FIXTURE_TEXTS[k][3], encoding="utf-8")
        rows.append(manifest_row(k, f"texts/{k}.txt", **over))
    man = write_csv(tmp / "manifest.csv", MANIFEST_COLUMNS, rows)
    outs = write_csv(tmp / "outlets.csv", OUTLET_COLUMNS, outlet_rows())
    qs = write_csv(tmp / "queries.csv", QUERY_COLUMNS, query_rows())
    return man, outs, qs
