"""`report`: one self-contained HTML file over the store (no network, no CDN).

For now it shows the corpus: outlets and their dates, each document's clean text with what was
removed from it and why, duplicates and failed inputs. Later layers add their views here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from rashomon.store.database import Store


@dataclass
class OutletSummary:
    outlet: str
    documents: int = 0
    first: str | None = None
    last: str | None = None
    languages: set[str] = field(default_factory=set)

    def add(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        if doc["published"]:
            self.first = min(filter(None, [self.first, doc["published"]]))
            self.last = max(filter(None, [self.last, doc["published"]]))
        if doc["language"]:
            self.languages.add(doc["language"])


def write_report(db: Path | str, out: Path | str) -> Path:
    """Render the report for the store `db` into the file `out`; returns its path."""
    with Store(db, read_only=True) as store:
        documents = list(store.documents())
        duplicates = store.rows("duplicates")
        failures = store.rows("failures")
    documents.sort(key=lambda d: (d["published"] or "9999", d["outlet"] or "", d["doc_id"]))
    outlets: dict[str, OutletSummary] = {}
    for doc in documents:
        name = doc["outlet"] or "(unknown outlet)"
        outlets.setdefault(name, OutletSummary(name)).add(doc)
    removed_by_role: dict[str, int] = defaultdict(int)
    for doc in documents:
        for span in doc["removed"]:
            removed_by_role[span["role"]] += 1
    env = Environment(loader=PackageLoader("rashomon.views"), autoescape=select_autoescape(["j2", "html"]))
    html = env.get_template("report.html.j2").render(
        db=Path(db).name,
        documents=documents,
        outlets=sorted(outlets.values(), key=lambda o: (-o.documents, o.outlet)),
        dates=[d["published"] for d in documents if d["published"]],
        removed_by_role=dict(sorted(removed_by_role.items())),
        duplicates=duplicates,
        failures=failures,
    )
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
