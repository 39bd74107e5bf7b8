"""The main screen's actions, one flow per action (docs/actions.md).

Each module holds one action written top to bottom as ``async def name(flow: Flow) -> None``:
check what it needs, ask the member (``await flow.ask(form)`` returns the form's typed
result), run the blocking services in a thread (``await flow.run(...)``) and say what
happened. The screen starts a flow from a one-line ``action_*`` method with ``start``.
"""
