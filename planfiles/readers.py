"""Format readers: a plan file's bytes in, raw records out. They check the form of the file, not its content.

Every reader is bounded: the file's size (``PLAN_FILE_MAX_BYTES``), the nesting depth, YAML's alias
expansion (no tags at all), JSON's numbers (no NaN or Infinity), the workbook's unpacked size. A file
they cannot read raises ``PlanFileError`` with a sentence saying why; the validator checks the records.
"""

import codecs
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from planfiles.problems import PlanFileError, Problems

#: libyaml's parser where PyYAML was built with it (ten times faster on large plans), else the Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Collections inside collections a plan file needs: records > fields > a reference list > its parts.
MAX_DEPTH = 10

#: Nodes that YAML aliases may add to a file beyond those written in it.
MAX_ALIAS_NODES = 100_000

FORMATS = ("yaml", "json", "xlsx")


def max_bytes():
    return settings.PLAN_FILE_MAX_BYTES


@dataclass
class Entry:
    """Where a record of a YAML or JSON file is: its number in the list."""

    number: int

    def where(self, label=None, key=None):
        place = _("record %(number)s") % {"number": self.number}
        if label is None:
            return place
        return f"{place} ({label} {'/'.join(key)})" if key else f"{place} ({label})"

    def field(self, name):
        return str(name)


@dataclass
class Row:
    """Where a record of a workbook is: the sheet, the row, and the column of each field."""

    sheet: str
    number: int
    columns: dict = field(default_factory=dict)  # field name -> "C (header)"

    def where(self, label=None, key=None):
        place = _("sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.number}
        return f"{place} ({'/'.join(key)})" if key else place

    def field(self, name):
        column = self.columns.get(name)
        return _("column %(column)s") % {"column": column} if column else str(name)


@dataclass
class RawRecord:
    """A record as a reader found it: ``model`` and ``fields`` are as written, not yet checked."""

    model: object
    fields: object
    origin: Entry | Row


def detect_format(name, data):
    suffix = Path(str(name)).suffix.lower().lstrip(".")
    if suffix in ("yaml", "yml"):
        return "yaml"
    if suffix in FORMATS:
        return suffix
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    return "json" if data.lstrip()[:1] in (b"[", b"{") else "yaml"


def read_path(path):
    """The bytes of a plan file on disk, refused when it is not a file or is too large."""
    path = Path(path)
    if path.is_dir():
        raise PlanFileError([_("%(path)s: a directory, not a plan file") % {"path": path}])
    try:
        size = path.stat().st_size
        check_size(size, path)
        with path.open("rb") as file:
            data = file.read(min(size, max_bytes()) + 1)  # one byte more tells a file that grew meanwhile
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise PlanFileError([_("%(path)s: cannot be read: %(reason)s") % {"path": path, "reason": exc}]) from exc
    check_size(len(data), path)
    return data


def check_size(size, name):
    if size > max_bytes():
        raise PlanFileError(
            [
                _("%(name)s: larger than the limit of %(limit)s MB for a plan file")
                % {"name": name, "limit": f"{max_bytes() / 1_000_000:g}"}
            ]
        )


def read_records(data, name):
    """The raw records of a plan file's bytes, whichever its format, and the problems of its layout."""
    check_size(len(data), name)
    fmt = detect_format(name, data)
    if fmt == "xlsx":
        from planfiles.workbook_reader import read_workbook

        return read_workbook(data, name)
    text = decode(data, name)
    raw = read_json(text, name) if fmt == "json" else read_yaml(text, name)
    if not isinstance(raw, list):
        raise PlanFileError([_("%(name)s: a plan file is a list of records") % {"name": name}])
    records = [
        RawRecord(
            item.get("model") if isinstance(item, dict) else None,
            item.get("fields") if isinstance(item, dict) else None,
            Entry(number),
        )
        for number, item in enumerate(raw, start=1)
    ]
    return records, Problems()


def decode(data, name):
    """UTF-8 text (a byte-order mark allowed); any other encoding is refused with its likely name."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and 0 in data[:2]):
        reason = _("it is UTF-16; save it as UTF-8")
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            reason = _("byte %(position)s is not UTF-8 (a Latin-1 or EUC-KR file?); save it as UTF-8") % {
                "position": exc.start
            }
    raise PlanFileError([_("%(name)s: not a UTF-8 text file: %(reason)s") % {"name": name, "reason": reason}])


def _refuse_constant(name):
    raise ValueError(_("%(constant)s is not a number a plan file may hold") % {"constant": name})


def read_json(text, name):
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=Decimal)
    except RecursionError as exc:
        raise PlanFileError([_("%(name)s: nested too deeply") % {"name": name}]) from exc
    except ValueError as exc:
        raise PlanFileError(
            [_("%(name)s: not a readable plan file: %(reason)s") % {"name": name, "reason": exc}]
        ) from exc


def read_yaml(text, name):
    try:
        built = _read_yaml_events(text, name)
        return built.value if built.complete else yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise PlanFileError(
            [_("%(name)s: not a readable plan file: %(reason)s") % {"name": name, "reason": exc}]
        ) from exc


STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
_NO_KEY = object()


class _Built:
    """The value of a YAML stream built from its events as the safe loader would build it, while the
    stream holds nothing but plain mappings, lists and scalars; ``complete`` turns false at the first
    anchor, alias, merge key, unhashable key or second document, and the loader itself is used instead."""

    def __init__(self):
        self.complete = True
        self.value = None
        self.stack = []  # [container, pending key or _NO_KEY]
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        #: First characters of the plain scalars that may be something else than text.
        self.typed_starts = set(self.resolver.yaml_implicit_resolvers)
        self.any_start = None in self.typed_starts
        self.tags = {}  # plain text -> its implicit tag, for the texts an implicit type may start
        self.typed = {}  # (tag, text) -> value, for the scalars that are not text (all immutable)

    def add(self, value):
        if not self.stack:
            self.value = value
            return
        top = self.stack[-1]
        container = top[0]
        if type(container) is list:
            container.append(value)
        elif top[1] is _NO_KEY:
            try:
                hash(value)
            except TypeError:
                self.complete = False
                return
            top[1] = value
        else:
            container[top[1]] = value
            top[1] = _NO_KEY

    def scalar(self, event):
        value = event.value
        if not event.implicit[0] or (value and value[0] not in self.typed_starts and not self.any_start):
            return value  # quoted, or plain text that no implicit type starts with
        tag = self.tags.get(value)
        if tag is None:
            tag = self.tags[value] = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == STR_TAG:
            return value
        if tag == MERGE_TAG and self.stack and type(self.stack[-1][0]) is dict:
            self.complete = False
            return None
        if (tag, value) not in self.typed:
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            self.typed[(tag, value)] = self.constructor.construct_object(node)
        return self.typed[(tag, value)]

    def end(self):
        self.add(self.stack.pop()[0])


def _read_yaml_events(text, name):
    """Read the file's events once: refuse tags, deep nesting and alias expansion beyond
    ``MAX_ALIAS_NODES`` (a "billion laughs" file) before anything is built, and build its value from the
    same events where it is plain (a node tree of the whole file would take many times its records' memory)."""
    written = added = 0
    open_nodes = []  # (anchor, nodes counted when it opened)
    sizes = {}  # anchor -> nodes it stands for
    built = _Built()
    for event in yaml.parse(text, Loader=YAML_LOADER):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.tag is not None:
                _refuse_tag(event, name)
            written += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
                built.complete = False
            if built.complete:
                built.add(built.scalar(event))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag is not None:
                _refuse_tag(event, name)
            written += 1
            open_nodes.append((event.anchor, written + added))
            if len(open_nodes) > MAX_DEPTH:
                raise PlanFileError([_("%(name)s: nested too deeply") % {"name": name}])
            if event.anchor is not None:
                built.complete = False
            if built.complete:
                built.stack.append([[] if kind is yaml.SequenceStartEvent else {}, _NO_KEY])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            anchor, start = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = written + added - start + 1
            if built.complete:
                built.end()
        elif kind is yaml.AliasEvent:
            built.complete = False
            added += sizes.get(event.anchor, 1)
            if added > MAX_ALIAS_NODES:
                raise PlanFileError(
                    [
                        _("%(name)s: YAML aliases expand beyond %(limit)s values")
                        % {"name": name, "limit": f"{MAX_ALIAS_NODES:,}"}
                    ]
                )
        elif kind is yaml.DocumentStartEvent and written:
            built.complete = False
    return built


def _refuse_tag(event, name):
    line = event.start_mark.line + 1 if event.start_mark else "?"
    raise PlanFileError(
        [
            _("%(name)s: line %(line)s: YAML tags (%(tag)s) are not accepted")
            % {"name": name, "line": line, "tag": event.tag}
        ]
    )
