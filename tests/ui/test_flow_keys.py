"""The main screen's keys that start a flow name a flow of the table, with its arguments
(hdtui/ui/flows/__init__.py): a mistyped name would make the key fail when pressed."""

from __future__ import annotations

import inspect

from textual.actions import parse

from hdtui.ui.flows import FLOW_BINDINGS, FLOWS
from hdtui.ui.screens.inbox import InboxScreen


def test_every_flow_key_names_a_flow_it_can_start() -> None:
    started = set()
    for binding in FLOW_BINDINGS:
        _, action, params = parse(binding.action)
        assert action == "flow" and params, binding
        name, *args = params
        assert isinstance(name, str) and name in FLOWS, binding
        inspect.signature(FLOWS[name].flow).bind(None, *args)  # the arguments fit
        started.add(name)
    assert started == set(FLOWS)  # every flow has a key
    assert all(b in InboxScreen.BINDINGS for b in FLOW_BINDINGS)
