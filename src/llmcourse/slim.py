"""Make the built site light without changing how it looks (used by :mod:`llmcourse.sphinxext`).

The theme ships everything a documentation site might need: all of Bootstrap's CSS, all
1,900 Font Awesome icons (a 1.5 MB script, a 156 KB font and 72 KB of CSS), the search
index on every page. The book uses a small part. After each build:

* :func:`purge_css` drops the style rules whose selectors name a class or id that appears
  nowhere in the site: not in any page, not in any script (a script may add a class,
  so every word in every script counts as used: the purge errs on keeping);
* :func:`subset_icon_font` keeps only the glyphs of the icons the site names;
* the pages lose the icon script (its stylesheet draws the same icons with the font) and,
  outside the search page, the search index (the theme's search box sends readers to
  the search page, which loads it).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from pathlib import Path

CLASS_ATTR = re.compile(r'\bclass\s*=\s*"([^"]*)"|\bclass\s*=\s*\'([^\']*)\'')
ID_ATTR = re.compile(r'\bid\s*=\s*"([^"]*)"')
WORD = re.compile(r"[A-Za-z_][\w-]*")
SELECTOR_NAME = re.compile(r"[.#]((?:[\w-]|\\.)+)")
PRIVATE_USE = re.compile(r"\\([0-9a-fA-F]{4})(?![0-9a-fA-F])")


def used_names(html_dir: Path) -> set[str]:
    """Class names and ids the site can use: from its pages, and every word of its scripts."""
    names: set[str] = set()
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for double, single in CLASS_ATTR.findall(text):
            names.update((double or single).split())
        names.update(ID_ATTR.findall(text))
        # Inline scripts and data attributes may name classes too.
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", text, flags=re.DOTALL):
            names.update(WORD.findall(script))
    for script in html_dir.rglob("*.js"):
        names.update(WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return names


def _selector_kept(selector: str, used: set[str]) -> bool:
    # Names inside :not(...), :is(...) and friends do not decide whether an element matches.
    bare = re.sub(r"\[[^\]]*\]", "", selector)  # attribute values are not class names
    while "(" in bare:
        reduced = re.sub(r"\([^()]*\)", "", bare)
        if reduced == bare:
            break
        bare = reduced
    return all(name.replace("\\", "") in used for name in SELECTOR_NAME.findall(bare))


def _purge_rules(rules: list, used: set[str]) -> list:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in _split_selectors(tinycss2.serialize(rule.prelude))]
            alive = [s for s in selectors if _selector_kept(s, used)]
            if not alive:
                continue
            if len(alive) != len(selectors):
                rule.prelude = tinycss2.parse_component_value_list(",".join(alive))
            kept.append(rule)
        elif (
            rule.type == "at-rule"
            and rule.lower_at_keyword in {"media", "supports", "layer", "container"}
            and rule.content is not None
        ):
            inner = _purge_rules(tinycss2.parse_rule_list(rule.content), used)
            if not [r for r in inner if r.type not in {"whitespace", "comment"}]:
                continue
            rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))
            kept.append(rule)
        elif rule.type in {"whitespace", "comment"}:
            continue
        else:
            kept.append(rule)
    return kept


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def purge_css(css: str, used: set[str]) -> str:
    """``css`` without the rules that can match nothing in the site (see module docstring)."""
    import tinycss2

    rules, _ = tinycss2.parse_stylesheet_bytes(css.encode("utf-8"), skip_comments=True, skip_whitespace=True)
    kept = _purge_rules(rules, used)
    return "".join(tinycss2.serialize([rule]) + ("\n" if rule.type == "at-rule" else "") for rule in kept)


def icon_codepoints(css: str) -> set[int]:
    """The icon-font code points a (purged) stylesheet can show.

    Icons are characters in Unicode's Private Use Area, written as CSS escapes: in the
    rules of icon classes (``.fa-bars:before{content:"\\f0c9"}``) and in custom properties
    (the theme's admonition icons, ``--pst-icon-admonition-tip:"\\f0eb"``). After the purge,
    only the rules of used classes are left, so every such escape still in the file counts.
    """
    escaped = {int(code, 16) for code in PRIVATE_USE.findall(css)}
    literal = {ord(char) for char in css if "\ue000" <= char <= "\uf8ff"}  # a serialiser may unescape
    return {point for point in escaped | literal if 0xE000 <= point <= 0xF8FF}


def subset_icon_font(font: Path, codepoints: Iterable[int]) -> None:
    """Rewrite a WOFF2 icon font in place with only ``codepoints``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    with TTFont(io.BytesIO(font.read_bytes())) as source:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(set(codepoints) | {0x20}))
        subsetter.subset(source)
        buffer = io.BytesIO()
        source.flavor = "woff2"
        source.save(buffer)
    font.write_bytes(buffer.getvalue())


def cached(cache: Path, key_parts: Iterable[bytes], make: callable) -> bytes:
    """``make()``'s bytes, remembered in ``cache`` under a hash of ``key_parts``."""
    digest = hashlib.sha256()
    for part in key_parts:
        digest.update(hashlib.sha256(part).digest())
    target = cache / digest.hexdigest()
    if target.exists():
        return target.read_bytes()
    result = make()
    cache.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result)
    return result
