"""hydrate against a local HTTP server serving pages written for the test."""
import http.server
import socket
import threading
from functools import partial

import pytest
from fixtures import FIXTURE_TEXTS

from analysis.errors import QantarError
from analysis.hydrate import hydrate
from analysis.store import read_table, render_table

FILLER = ("This paragraph is part of a page written for the Qantar hydrate test; it stands in for "
          "the rest of an article that the archive did not keep. ") * 4


def page(title: str, body: str) -> str:
    paras = "".join(f"<p>{line}</p>" for line in body.splitlines()[1:])
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paras}<p>{FILLER}</p><p>{FILLER}</p></article></body></html>")


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    for key in ("en_turkey", "en_rebut"):
        text = FIXTURE_TEXTS[key][3]
        (root / key).write_text(page(text.splitlines()[0], text), encoding="utf-8")
    (root / "other").write_text(page("Unrelated", "x\nA page about something else entirely, "
                                     "written for the test, mentioning gardening and rain."),
                                encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def point_urls(paths, mapping):
    arts = read_table(paths.articles, "articles")
    ids = {a["url"].rsplit("/", 1)[1]: a["article_id"] for a in arts}
    for a in arts:
        key = a["url"].rsplit("/", 1)[1]
        if key in mapping:
            a["url"] = mapping[key]
    paths.articles.write_text(render_table(arts, "articles"))
    return ids


def test_hydrate_reports_containment(fixture_corpus, server, tmp_path):
    ids = point_urls(fixture_corpus, {"en_turkey": f"{server}/en_turkey",
                                      "en_rebut": f"{server}/other"})
    rows = hydrate(fixture_corpus, ids=[ids["en_turkey"], ids["en_rebut"]], extend=True,
                   cache_dir=tmp_path / "cache", report=tmp_path / "h.csv", allow_private=True)
    by = {r["article_id"]: r for r in rows}
    assert by[ids["en_turkey"]]["contained"] == "true"
    assert by[ids["en_rebut"]]["contained"] == "false"
    assert fixture_corpus.feature_file(ids["en_turkey"], full=True).exists()
    assert (tmp_path / "h.csv").read_text().count("\n") == 3


def test_hydrate_offline_fails_cleanly(fixture_corpus, tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    ids = point_urls(fixture_corpus, {"en_turkey": f"http://127.0.0.1:{port}/gone"})
    with pytest.raises(QantarError, match="could not fetch any"):
        hydrate(fixture_corpus, ids=[ids["en_turkey"]], cache_dir=tmp_path / "c", timeout=2,
                allow_private=True)
