"""A graphics card a user pastes by its PCI id (docs/matching.md, "Session 22: a pasted
graphics card"): the id is one fact, and the line it is pasted on says which kind of chip
it is."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.signals import issue_keys, message_signals, model_tokens
from tests.unit.matching_support import issue, mail, matching_set_index

GDM_960 = ("Error starting GDM with your graphics card: NVIDIA Corporation GM206 "
           "[GeForce GTX 960] [10de:1401] (rev a1)")


def test_the_halves_of_a_pci_id_are_no_model() -> None:
    # "10de" is NVIDIA's vendor id: every NVIDIA id holds it, as every Intel one holds
    # "8086". Only halves with a letter were taken, so NVIDIA, Realtek and Broadcom ids
    # gave their cards a shared "model", Intel and AMD ids never.
    assert model_tokens(GDM_960) == ["gm206"]
    assert model_tokens("lspci: [14e4:43a0] and [10ec:b723]", digits_only=True) == []
    keys = issue_keys(issue(1, "Nvidia GeForce GTX 1050 Ti Mobile: HDMI not detected",
                            "The NVIDIA GP107M `[10de:1c8c]` lists no HDMI connector."))
    assert {"pci:10de:1c8c", "vendor:10de", "model:gp107m", "model:1050"} <= keys
    assert not {"model:10de", "model:1c8c"} & keys
    # What is no PCI id stays a model: a chip's name, a Mac's identifier, a time.
    assert {"macbookpro14,1", "rtl8723be"} <= set(
        model_tokens("RTL8723BE in a MacBookPro14,1 at 10:30"))


def test_the_line_a_pci_id_is_pasted_on_says_what_it_is() -> None:
    text = (f"{GDM_960}\n"
            "02:00.0 Network controller [0280]: Broadcom Inc. BCM4360 [14e4:43a0]\n"
            "my stick is 0781:5567")
    found = {s.term: (s.pasted, s.device) for s in message_signals(mail("GDM", text)).signals
             if s.key.startswith("pci:")}
    assert found == {"10de:1401": ("gpu", ""), "14e4:43a0": ("network", ""),
                     "0781:5567": ("", "")}


def test_an_issue_of_another_card_of_the_pasted_cards_maker_does_not_win() -> None:
    # The user pastes GDM's error line with the card's id and says the monitor is on the
    # card's HDMI output. "Nvidia GeForce GTX 1050 Ti Mobile: external monitor over HDMI
    # not detected" (#21188) names another NVIDIA chip by its id: it is about that chip,
    # and ranks as issues of sibling chips do, under the issue of NVIDIA's GDM error.
    entry = mail("Error starting GDM - GeForce",
                 f"Hello,\n\nafter the boot menu the screen is grey and says:\n\n{GDM_960}\n\n"
                 "It is a desktop; the monitor is on the card's HDMI output, the board has "
                 "one too. Is there a way around it?\n")
    matches = suggest_issues(entry, matching_set_index())
    assert matches[0].issue.iid == 19133
    assert not any(m.confident for m in matches if m.issue.iid == 21188)
