"""YAML file or text → Python data, strictly: the one loader every project YAML read goes through.

Stricter than ``yaml.safe_load`` in three ways, each an error naming the file and line:

- a duplicate key (``safe_load`` silently keeps the last one, so a repeated ``reads:`` or
  ``script:`` would overwrite the first without a word);
- an alias (``*name``): no project file needs one, and aliases are how a few hundred bytes
  expand to gigabytes ("billion laughs");
- a date that does not exist (``2025-02-30``), which ``safe_load`` raises as a bare ValueError.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from jjjhealth.errors import JJJError, YamlError

# Project YAML files are a few KB; a larger one (or a device) is not read.
MAX_BYTES = 8 * 2**20
# A few hundred levels of [[[…]]] exhaust Python's recursion limit inside the composer.
MAX_NESTING = 100


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, aliases, impossible dates and deep nesting."""

    where = "<yaml>"
    error: type[JJJError] = YamlError
    depth = 0

    def _fail(self, mark, what: str) -> JJJError:
        line = f":{mark.line + 1}" if mark is not None else ""
        return self.error(f"{self.where}{line}: {what}")

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise self._fail(event.start_mark,
                             f"YAML alias *{event.anchor} is not allowed; write the value out")
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise self._fail(self.peek_event().start_mark,
                                 f"nested more than {MAX_NESTING} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                raise self._fail(key_node.start_mark,
                                 "a key must be a plain value, not a list or mapping") from None
            if first is not None:
                raise self._fail(key_node.start_mark,
                                 f"duplicate key {key!r} (first at line {first}); keep one")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise self._fail(node.start_mark,
                             f"{node.value!r} is not a real date ({exc}); use YYYY-MM-DD") from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp",
                              _StrictLoader.construct_yaml_timestamp)


def loads(text: str, where: str = "<yaml>", error: type[JJJError] = YamlError):
    """YAML text (+ a name for messages) → data; every problem is `error` naming where:line."""
    loader = _StrictLoader(text)
    loader.where, loader.error = where, error
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        ctx, ctx_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        opened = f"; {ctx} at line {ctx_mark.line + 1}" if ctx and ctx_mark else ""
        raise loader._fail(mark, f"not valid YAML ({getattr(exc, 'problem', None) or exc}"
                                 f"{opened}); fix the syntax near that line") from None
    finally:
        loader.dispose()


def load(path: Path, error: type[JJJError] = YamlError):
    """YAML file → data (strict, see module doc); unreadable files are `error` naming the path."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang
    except FileNotFoundError:
        raise error(f"{path}: missing") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            raise error(f"{path}: not a regular file of at most {MAX_BYTES // 2**20} MB")
        data = fh.read(MAX_BYTES + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from None
    return loads(text, str(path), error)


def item_lines(text: str, key: str) -> list[int]:
    """YAML text + a top-level key holding a list → 1-based line of each item (for messages)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []
