"""The annotator registry: components run after what they require, write declared tables, and each can run
alone on a parsed Doc."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.registry import Built, Component, RegistryError, components, ordered
from rashomon.document import Document
from rashomon.store import schema

DEMO_ACTORS = Path(__file__).resolve().parents[1] / "demo" / "actors.toml"


def toy(name: str, *requires: str) -> Component:
    return Component(name, lambda shared: Built(lambda doc, document, found: None, lambda *_: None), requires)


def test_components_run_after_what_they_require():
    chain = ordered([toy("stance", "terms"), toy("terms", "events"), toy("events", "mentions"), toy("mentions")])
    assert [c.name for c in chain] == ["mentions", "events", "terms", "stance"]
    with pytest.raises(RegistryError, match="'places' requires events, which no annotator provides"):
        ordered([toy("places", "events")])
    with pytest.raises(RegistryError, match="cycle: a, b"):
        ordered([toy("a", "b"), toy("b", "a")])


def test_every_bundled_annotator_writes_declared_tables_and_its_requirements_run_first():
    seen: set[str] = set()
    declared = {t.name for t in schema.tables("record")}
    for component in components():
        assert set(component.requires) <= seen, component.name
        assert set(component.tables) <= declared, component.name
        assert component.data_digest()  # its data files exist and are read
        seen.add(component.name)
    written = {t for c in components() for t in c.tables}
    assert written == declared  # every record table has the annotator that fills it


@pytest.fixture(scope="module")
def annotators() -> Annotators:
    return Annotators(AnnotateOptions(actors=(DEMO_ACTORS,)))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[notes]\nrole = "scratch"\ncolumns = []', "table 'notes': role must be one of"),
        ('[notes]\ncolumns = [{ name = "doc_id" }]', "table 'notes': 'type'"),
        ('[notes]\ncolour = "red"\ncolumns = []', "table 'notes': unknown keys ['colour']"),
        ("[notes\n", "cannot read the schema"),
    ],
)
def test_a_plugins_bad_table_declaration_is_one_line_naming_its_file(tmp_path: Path, text: str, reason: str):
    declaration = tmp_path / "notes.toml"
    declaration.write_text(text, encoding="utf-8")
    with pytest.raises(schema.SchemaError) as raised:
        schema.declare_file(declaration)
    message = str(raised.value)
    assert message.startswith(f"{declaration}: ") and reason in message and "\n" not in message
    assert "notes" not in {t.name for t in schema.tables()}


def test_one_annotator_runs_alone_on_a_parsed_doc(annotators: Annotators):
    text = "Valdoria seized 14 Morvenian fishing boats on 1 March 2025, the Morvenian navy said."
    doc = annotators.nlp(text)
    doc.user_data["rashomon.text"] = text
    document = Document(doc_id="t", source="t", text=text, published=dt.date(2025, 3, 2))
    mentions = annotators["mentions"].find(doc, document, {})
    timexes = annotators["timex"].find(doc, document, {})
    quotes = annotators["quotes"].find(doc, document, {"mentions": mentions})
    claims = annotators["claims"].find(doc, document, {"timex": timexes, "quotes": quotes})
    assert {m.code for m in mentions} >= {"XVA", "XMO"}
    assert [t.value for t in timexes] == ["2025-03-01"]
    assert [(c.value, c.happening) for c in claims] == [(14, "COERCE")]
    records: dict[str, list[dict]] = {}
    annotators["claims"].rows(claims, document, records)
    assert [(r["doc_id"], text[r["start"] : r["end"]]) for r in records["claims"]] == [("t", "14")]


def test_worker_processes_annotate_to_the_same_records_in_the_same_order(tmp_path: Path):
    texts = [
        "Valdoria seized 14 Morvenian fishing boats on 1 March 2025, the Morvenian navy said.",
        "Morvenia recalled its ambassador from Velgrad on 3 March 2025.",
        "Kessary offered to host talks in Port Averin, its foreign minister said on Monday.",
    ]
    documents = [
        Document(doc_id=f"d{i}", source=f"d{i}", text=text, published=dt.date(2025, 3, 4))
        for i, text in enumerate(texts)
    ]
    alone = Annotators(AnnotateOptions(actors=(DEMO_ACTORS,)))
    shared = Annotators(AnnotateOptions(actors=(DEMO_ACTORS,), n_process=2, batch_size=1))
    try:
        assert shared.digest == alone.digest  # the processes do not change what is annotated
        in_workers = list(shared.annotate(documents))
    finally:
        shared.close()
    assert [d.doc_id for d, _ in in_workers] == ["d0", "d1", "d2"]
    assert [records for _, records in in_workers] == [records for _, records in alone.annotate(documents)]
    assert shared._workers is None
