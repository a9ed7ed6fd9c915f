"""The guides and the README stay true: every picture they show exists (and is small, and in
the guide's language), every link and anchor resolves, every `khien …` command and option
they cite is one the command line accepts, every `make` target exists, and the README starts
with the two-command quick start."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest
from PIL import Image

from desktop import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
GUIDES = {
    "vi": (DOCS / "huong-dan-su-dung.md", DOCS / "huong-dan-quan-tri.md"),
    "en": (DOCS / "user-guide.md", DOCS / "admin-guide.md"),
}
ALL_GUIDES = [p for pair in GUIDES.values() for p in pair]
MAX_SIZE = (1366, 768)
MAX_BYTES = 250_000

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
HEADING = re.compile(r"^#{1,6} (.+)$", re.M)
ENV = re.compile(r"^[A-Z_]+=\S*$")
# The command in a source checkout, an installed Linux copy, and Windows' console program.
PROGRAMS = {"khien", "khien-cli", "khien-cli.exe"}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _images(path: Path) -> list[str]:
    return IMAGE.findall(_text(path))


def _slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


# -- pictures -------------------------------------------------------------------------


@pytest.mark.parametrize("guide", ALL_GUIDES, ids=lambda p: p.name)
def test_every_picture_of_a_guide_exists_in_its_language(guide: Path) -> None:
    lang = next(code for code, pair in GUIDES.items() if guide in pair)
    found = _images(guide)
    assert len(found) >= 10, f"{guide.name} shows almost no screenshots"
    for ref in found:
        assert ref.startswith(f"images/{lang}/"), f"{guide.name}: {ref} is not a {lang} picture"
        assert (guide.parent / ref).is_file(), f"{guide.name}: {ref} does not exist"


@pytest.mark.parametrize("pair", [0, 1], ids=["user", "admin"])
def test_both_languages_show_the_same_screens(pair: int) -> None:
    vi = [Path(r).name for r in _images(GUIDES["vi"][pair])]
    en = [Path(r).name for r in _images(GUIDES["en"][pair])]
    assert vi == en


def test_every_picture_is_used_and_small() -> None:
    used = {(DOCS / ref).resolve() for g in ALL_GUIDES for ref in _images(g)}
    pictures = sorted((DOCS / "images").rglob("*.png"))
    assert pictures, "docs/images holds no screenshot"
    for png in pictures:
        assert png.resolve() in used, f"{png.relative_to(ROOT)} is in no guide"
        with Image.open(png) as img:
            assert img.width <= MAX_SIZE[0] and img.height <= MAX_SIZE[1], png.name
        assert png.stat().st_size <= MAX_BYTES, f"{png.name} is not optimised"


# -- links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc", [README, *ALL_GUIDES, DOCS / "bundle-format.md"], ids=lambda p: p.name
)
def test_links_and_anchors_resolve(doc: Path) -> None:
    text = _text(doc)
    anchors = {_slug(h) for h in HEADING.findall(text)}
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        if target.startswith("#"):
            assert target[1:] in anchors, f"{doc.name}: no heading for {target}"
            continue
        path = target.split("#", 1)[0]
        assert (doc.parent / path).exists(), f"{doc.name}: {target} does not exist"


# -- commands -------------------------------------------------------------------------


def _cited_commands(doc: Path) -> list[str]:
    """Every command line of `khien` a document shows, in code spans or code blocks."""
    text = _text(doc)
    blocks = FENCE.findall(text)
    lines = [line for block in blocks for line in block.splitlines()]
    lines += INLINE_CODE.findall(FENCE.sub("", text))
    found = []
    for line in lines:
        words = shlex.split(line, posix=False)  # "C:\Program Files\…" stays one word
        while words and ENV.match(words[0]):
            words.pop(0)  # KHIEN_PASSWORD=… khien …
        program = re.split(r"[\\/]", words[0].strip('"'))[-1] if words else ""
        if program in PROGRAMS:
            found.append(" ".join(["khien", *words[1:]]))
    return found


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return None


def _check_command(line: str, top: argparse.ArgumentParser) -> None:
    """Walk *line* through the parser: each command word must be a subcommand, each
    option one that command (or the top level) accepts."""
    words = line.split()[1:]
    current, path = top, ["khien"]
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("<"):
            return  # a placeholder for any command: `khien <command> --help`
        if word.startswith("-"):
            flag = word.split("=", 1)[0]
            action = current._option_string_actions.get(flag) or top._option_string_actions.get(
                flag
            )
            assert action is not None, f"`{line}`: {' '.join(path)} has no option {flag}"
            skip = action.nargs != 0 and "=" not in word
            continue
        commands = _subcommands(current)
        if commands is None:
            continue  # a value: a file, a folder, an id
        assert word in commands, f"`{line}`: {' '.join(path)} has no command “{word}”"
        current = commands[word]
        path.append(word)


def test_guides_cite_commands() -> None:
    cited = [c for doc in ALL_GUIDES for c in _cited_commands(doc)]
    assert len(cited) >= 30, "the command-line sections were not found"
    assert any(c.startswith("khien bundle revoke") for c in cited)
    assert "khien selftest" in cited  # also cited as "C:\\…\\khien-cli.exe" selftest


@pytest.mark.parametrize("doc", [README, *ALL_GUIDES], ids=lambda p: p.name)
def test_every_cited_khien_command_is_real(doc: Path) -> None:
    top = cli._parser()
    for line in _cited_commands(doc):
        _check_command(line, top)


def test_the_checker_refuses_what_does_not_exist() -> None:
    top = cli._parser()
    for wrong in ("khien bundle send --out X", "khien backup --output X", "khien sync"):
        with pytest.raises(AssertionError):
            _check_command(wrong, top)
    _check_command("khien bundle export --data-dir D --out X", top)


# -- the README and the Makefile --------------------------------------------------------


def test_readme_starts_with_the_two_command_quick_start() -> None:
    text = _text(README)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "Quick start"
    first_block = FENCE.search(text)
    assert first_block is not None
    assert first_block.start() < text.index("\n## ", text.index("## Quick start") + 1)
    assert [ln.strip() for ln in first_block.group(1).splitlines() if ln.strip()] == [
        "make run",
        "make test",
    ]


def test_every_make_target_cited_exists() -> None:
    makefile = _text(ROOT / "Makefile")
    targets = set(re.findall(r"^([A-Za-z][\w.-]*):", makefile, re.M))
    cited = set()
    for doc in (README, *ALL_GUIDES):
        text = _text(doc)
        code = INLINE_CODE.findall(text) + [
            ln for b in FENCE.findall(text) for ln in b.splitlines()
        ]
        cited |= {m.group(1) for c in code if (m := re.match(r"\s*make ([a-z][\w-]*)", c))}
    assert {"run", "test", "guide-images"} <= cited
    assert cited <= targets, f"not in the Makefile: {sorted(cited - targets)}"
