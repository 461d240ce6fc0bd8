"""Vocabulary: the glossary, the primer, and {term} links in the chapters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "chapters" / "appendix" / "glossary.md"
NARRATIVES = sorted((ROOT / "chapters").glob("*/narrative.md"))
NOTEBOOKS = sorted((ROOT / "chapters").glob("*/*.ipynb"))
ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>]+)>)?`")
#: Technical terms that a reader new to the field needs defined: where a chapter uses one,
#: it must link it to the glossary.
KEY_TERMS = {
    "LoRA": r"(?<!Q)\bLoRA\b",
    "QLoRA": r"\bQLoRA\b",
    "quantisation": r"\bquantis(?:ation|ed)\b",
    "RLHF": r"\bRLHF\b",
    "MMLU": r"\bMMLU\b",
    "API": r"\bAPIs?\b",
    "benchmark": r"\bbenchmarks?\b",
    "fine-tuning": r"\bfine-tun(?:ing|ed|e)\b",
    "open weights": r"\bopen weights\b",
    "weights": r"\bweights\b",
    "licence": r"\blicence\b",
    "Apache-2.0": r"\bApache-2\.0\b",
    "token": r"\btokens?\b",
    "GPU": r"\bGPUs?\b",
}


def glossary_terms() -> list[list[str]]:
    """Each glossary entry as its list of names (a term and its synonyms)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    entries: list[list[str]] = []
    previous_blank = True
    for line in body.splitlines():
        if line and not line.startswith(" "):
            if previous_blank or not entries:
                entries.append([line.strip()])
            else:
                entries[-1].append(line.strip())
        previous_blank = not line.strip() or line.startswith(" ")
    return entries


def _target(match: re.Match) -> str:
    return (match.group(2) or match.group(1)).strip().lower()


def test_glossary_has_at_least_forty_terms_with_definitions():
    entries = glossary_terms()
    assert len(entries) >= 40, len(entries)
    names = [n.lower() for entry in entries for n in entry]
    assert len(names) == len(set(names)), "a term is defined twice"
    text = GLOSSARY.read_text(encoding="utf-8")
    assert text.count("\n  ") >= len(entries), "every term has an indented definition"


def test_every_term_link_has_an_entry():
    names = {n.lower() for entry in glossary_terms() for n in entry}
    for path in NARRATIVES + [ROOT / "chapters" / "primer.md", GLOSSARY]:
        for match in ROLE.finditer(path.read_text(encoding="utf-8")):
            assert _target(match) in names, f"{path.name}: no glossary entry for {_target(match)!r}"


@pytest.mark.parametrize("path", NARRATIVES, ids=lambda p: p.parent.name)
def test_chapter_links_the_technical_terms_it_uses(path):
    text = path.read_text(encoding="utf-8").split("## References")[0]
    linked = {_target(m) for m in ROLE.finditer(text)}
    plain = re.sub(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|^#.*$", " ", text, flags=re.M)
    missing = [t for t, pat in KEY_TERMS.items() if re.search(pat, plain) and t.lower() not in linked]
    assert not missing, f"used but never linked to the glossary: {missing}"


@pytest.mark.parametrize("path", NARRATIVES, ids=lambda p: p.parent.name)
def test_a_term_is_linked_once_per_chapter_at_first_use(path):
    """The link sits on the first use of a term: no earlier plain mention of the same word form."""
    text = path.read_text(encoding="utf-8").split("## References")[0]
    seen = set()
    for match in ROLE.finditer(text):
        target = _target(match)
        assert target not in seen, f"{target!r} is linked twice"
        seen.add(target)
        surface = match.group(1).strip()
        before = re.sub(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|\"[^\"]*\"|^[#:(].*$", " ", text[: match.start()], flags=re.M)
        assert not re.search(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", before), (
            f"{surface!r} is used before its glossary link"
        )


def test_notebooks_carry_no_myst_roles():
    """Lab notebooks are read in Jupyter too, where a MyST role shows as raw text."""
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "markdown":
                assert "{term}`" not in "".join(cell["source"]), path


def test_primer_comes_before_the_first_chapter_and_glossary_is_in_the_book():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert files.index("chapters/primer") < files.index("chapters/history/narrative")
    assert "chapters/appendix/glossary" in files
    primer = (ROOT / "chapters" / "primer.md").read_text(encoding="utf-8")
    for idea in (
        "weights",
        "token",
        "inference",
        "fine-tuning",
        "API",
        "GPU",
        "benchmark",
        "terms of service",
        "open weights",
        "Open Source Definition",
    ):
        assert re.search(rf"\{{term\}}`[^`]*{re.escape(idea)}", primer, flags=re.I), f"primer does not explain {idea}"
