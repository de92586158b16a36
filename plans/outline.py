"""The plan's own order of nested points (1, 1.1, 1.1.1, 2, …): depth first, siblings by their order.

Milestones and project entries nest through a parent; listing them by their order alone, or by their key
as text ("10" before "2"), scatters a step's sub-steps. Every list of a project's points goes through here.
"""

import re


def key_order(key):
    """A sort key for a position as written ("2.10" after "2.9"): numbers as numbers, other parts as text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-]", key or ""))


def in_outline_order(items, *, pk, parent, order, key):
    """``items`` depth first, each level by ``(order, key)``, as ``(item, depth)`` pairs; depth 1 is the top.

    ``pk``, ``parent``, ``order`` and ``key`` read an item's id, its parent's id (or None), its order among
    its siblings and its position as written. An item whose parent is not among ``items`` stands at the top.
    """
    items = list(items)
    ids = {pk(item) for item in items}
    children = {}
    for item in items:
        up = parent(item)
        children.setdefault(up if up in ids else None, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda item: (order(item), key_order(key(item))))
    ordered, stack = [], [(item, 1) for item in reversed(children.get(None, []))]
    while stack:
        item, depth = stack.pop()
        ordered.append((item, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(pk(item), [])))
    if len(ordered) < len(items):  # a loop of parents: its points still show, at the end
        seen = {pk(item) for item, _ in ordered}
        ordered.extend((item, 1) for item in items if pk(item) not in seen)
    return ordered
