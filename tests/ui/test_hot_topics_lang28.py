"""Hot topics in the demo list a possible report a cluster holds once, with the cluster,
and the issue it best matches says so (lang28; docs/insight.md, "Session 28: a possible
report listed once")."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle
from tests.ui.test_hot_topics import open_hot_topics


async def test_the_sound_clusters_reports_are_listed_with_it_only(
    demo_setup: Callable[..., Setup]
) -> None:
    """The demo's sound cluster holds #19121's two possible reports, #17640's one and
    #19132's one: they were also those issues' possible ones ("1 likely 2 possible" on
    #19121's row, a row of #19132's with "0 likely 1 possible"). Now the cluster lists
    them; #19121's detail says where they are, #19132 has no row."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        [sound] = [i for i in screen.items if isinstance(i, Cluster) and i.flagged]
        issues = {i.iid: i for i in screen.items if isinstance(i, IssueStats)}
        assert 19132 not in issues
        held = set(sound.reports)
        assert not any(f.key in held for s in issues.values() for f in s.possible)
        mine = issues[19121]
        assert not mine.possible and mine.possible_clustered == ((sound.id, 2),)
        listing = screen.query_one("#hot-list", OptionList)
        listing.highlighted = screen.items.index(mine)
        await settle(pilot)
        row = str(listing.get_option_at_index(screen.items.index(mine)).prompt)
        assert "possible" not in row
        detail = " ".join(str(screen.query_one("#hot-detail").render()).split())
        assert (f"2 more whose best match it is are in new problem {sound.id} "
                "(listed there)") in detail
