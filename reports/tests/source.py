"""The 2023 source report (``data/2023-source.txt``, the extracted text of the printed report) and the
comparison of a text with it, section by section.

Normalisation, applied to both sides before comparing:

- a section starts at its heading line (``I. 일반 현황``, each project's ``N. title`` after the index,
  ``IV. …``, ``용 어 설 명``); the cover is the text before ``I.``;
- a source line is split into its table cells at tabs; each line or cell is one *token*; empty ones
  are dropped;
- HTML tags the extraction left in the source (``<ul style=…>``) are removed;
- from each token, the bullet markers that open it (``- ○ □ ▶ ▸ ※ ■ ● · * …``) are removed, then all
  whitespace, then the thousands separators between digits, and a rate's ``.0`` before ``%``
  (the source prints ``△100%`` and ``△100.0%`` alike);
- the report's own lines (``report_text(source_only=True)``) are tokenised the same way and the two
  token sequences are aligned (``difflib``): a source token the report lacks, or one the report holds
  that the source does not, is a difference, unless the tokens that differ make the same text when
  joined (a sentence the source breaks over two lines, a heading split over two cells);
- a writer's text (the HTML page, the PDF through ``pdftotext``, the HWPX through python-hwpx) is
  compared with the report's tokens: normalised as a whole (markers and whitespace removed), it must
  hold each token in order, at most ``WINDOW`` characters after the one before (a section's heading
  any distance after: what the report shows apart, such as notes under a table, may come before it).

Differences the source itself causes (its extraction split table headings over lines, repeated a
heading on a new page, kept image captions) are listed with their reason in ``KNOWN``; any other
difference fails.
"""

import difflib
import re
from pathlib import Path

SOURCE = Path(__file__).parent / "data" / "2023-source.txt"

MARKERS = "-–○□▶▸※■●·*•.〈〉 \t"
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_ZERO_DECIMAL = re.compile(r"(\d)\.0%")


def normalised(text):
    text = _SPACE.sub("", text)
    text = _THOUSANDS.sub("", text)
    return _ZERO_DECIMAL.sub(r"\1%", text)


_TAG = re.compile(r"<[^>]+>")


def token(text):
    return normalised(_TAG.sub("", text).strip().lstrip(MARKERS))


def tokens(lines):
    found = []
    for line in lines:
        for cell in line.split("\t"):
            value = token(cell)
            if value:
                found.append(value)
    return found


def flat(text):
    """A whole text normalised for finding tokens in it: markers and whitespace removed."""
    return normalised(re.sub(r"[-–○□▶▸※■●·*•]", "", text))


#: How far after the previous token the next one may be found: a token found further on is taken for
#: a missing one (so that a short token, such as a table's 계, cannot skip the text after it).
WINDOW = 400


def missing_indices(expected, text, *, unbounded=()):
    """The positions in ``expected`` of the tokens not found in ``text`` (normalised by ``flat``) in their order;
    the tokens at the positions ``unbounded`` (a section's heading) may be any distance after the one before."""
    haystack, position, missing = flat(text), 0, []
    for index, item in enumerate(expected):
        needle = flat(item)
        end = None if index in unbounded else position + WINDOW + len(needle)
        found = haystack.find(needle, position, end)
        if found < 0:
            missing.append(index)
        else:
            position = found + len(needle)
    return missing


def missing_in_order(expected, text):
    """The tokens of ``expected`` not found in ``text`` in their order."""
    return [expected[index] for index in missing_indices(expected, text)]


def split_sections(text, headings):
    """``{heading: text}`` of each section; the cover is under ``""``. A heading is found after the one
    before it; a project's heading is its last occurrence (the index names each project first)."""
    squeezed_lines = text.splitlines()
    keys = [flat(line) for line in squeezed_lines]
    starts = []
    begin = 0
    for heading in headings:
        wanted = flat(heading)
        places = [i for i in range(begin, len(keys)) if keys[i] == wanted]
        if not places:
            starts.append(None)
            continue
        place = places[-1] if re.match(r"^\d+\.", heading) else places[0]
        starts.append(place)
        begin = place + 1
    sections = {}
    bounds = [s for s in starts if s is not None] + [len(squeezed_lines)]
    sections[""] = "\n".join(squeezed_lines[: bounds[0]])
    for heading, start in zip(headings, starts, strict=True):
        if start is None:
            continue
        end = min(b for b in bounds if b > start)
        sections[heading] = "\n".join(squeezed_lines[start:end])
    return sections


def source_text():
    return SOURCE.read_text(encoding="utf-8")


def compare(lines_by_section, headings, known=()):
    """Differences between the report's lines and the source, section by section, as
    ``[(section, kind, token)]``: the two token sequences aligned (``difflib``), each source token the
    report lacks is "missing or changed", each report token the source lacks is "not in the source"."""
    source = split_sections(source_text(), headings)
    differences = []
    for heading in ["", *headings]:
        if heading not in lines_by_section:
            differences.append((heading, "section missing", heading))
            continue
        theirs, ours = tokens(source[heading].splitlines()), tokens(lines_by_section[heading])
        matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace" and flat("".join(theirs[i1:i2])) == flat("".join(ours[j1:j2])):
                continue  # the same text split into lines or cells differently
            if tag in ("delete", "replace"):
                differences += [(heading, "missing or changed", item) for item in theirs[i1:i2]]
            if tag in ("insert", "replace"):
                differences += [(heading, "not in the source", item) for item in ours[j1:j2]]
    known = set(known)
    return [d for d in differences if d not in known]


def writer_differences(sections, text):
    """``[(section, token)]``: the report's tokens, section after section (``[(heading, lines)]``), that a
    writer's text (HTML, PDF or HWPX as text) lacks or holds out of order."""
    expected = [(heading, item) for heading, lines in sections for item in tokens(lines)]
    starts = {i for i, (heading, _) in enumerate(expected) if i == 0 or expected[i - 1][0] != heading}
    return [expected[index] for index in missing_indices([item for _, item in expected], text, unbounded=starts)]
