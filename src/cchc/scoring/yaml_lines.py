"""YAML read with line numbers: every mapping remembers the line it starts on and the line of
each of its keys, so a validator can say "line 42: full_at 120 is above 100"."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

RAW_KEYS = frozenset({"code"})  # kept as typed: "1.10" is not the number 1.1


class Located(dict):
    """A mapping read from YAML, with `line` (where it starts) and `lines[key]`."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of `key`, else of the mapping itself."""
        return self.lines.get(key, self.line)


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: MappingNode) -> Located:
    loader.flatten_mapping(node)
    out = Located()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise DuplicateKey(problem=f"khóa '{key}' lặp lại", problem_mark=key_node.start_mark)
        if key in RAW_KEYS and isinstance(value_node, ScalarNode):
            out[key] = value_node.value
        else:
            out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(text: str) -> Any:
    """The document in `text`; yaml.MarkedYAMLError (with `problem_mark.line`) when it is not
    YAML or repeats a key."""
    return yaml.load(text, Loader=_Loader)
