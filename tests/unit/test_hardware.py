"""Tests for hardware extraction from WhisperBack debug sections."""

from __future__ import annotations

from pathlib import Path

from hdtui.domain.debug import DebugSection, split_debug
from hdtui.domain.hardware import Hardware, PciDevice, extract_hardware, parse_lspci_line

DATA = Path(__file__).resolve().parent.parent / "data" / "whisperback"


def hardware_of(name: str) -> Hardware:
    _, sections = split_debug((DATA / name).read_text(encoding="utf-8"))
    return extract_hardware(sections)


def test_7x_laptop() -> None:
    hw = hardware_of("tails-7.5-wifi.txt")
    assert hw.manufacturer == "HP"
    assert hw.product == "HP 250 G5 Notebook PC"
    assert hw.version == "Type1ProductConfigId"
    assert hw.short() == "HP 250 G5 Notebook PC"
    assert hw.memory_total_mb == 8241
    assert hw.cpu_model == "Intel(R) Core(TM) i3-6006U CPU @ 2.00GHz"
    assert not hw.is_vm
    assert [d.vendor_device for d in hw.pci] == [
        "8086:1904",
        "8086:1916",
        "8086:9d2f",
        "10ec:8136",
        "10ec:b723",
    ]
    assert hw.usb_ids == ("1d6b:0002", "0781:5581", "04f2:b57e")


def test_pci_device_fields_and_kinds() -> None:
    hw = hardware_of("tails-7.5-wifi.txt")
    (gpu,) = hw.gpus
    assert gpu == PciDevice(
        slot="00:02.0",
        class_name="VGA compatible controller",
        class_id="0300",
        description="Intel Corporation HD Graphics 520",
        vendor_device="8086:1916",
        revision="07",
    )
    assert gpu.vendor_id == "8086"
    assert gpu.device_id == "1916"
    wifi = hw.network[-1]
    assert wifi.slot == "02:00.0"
    assert wifi.class_name == "Network controller"
    assert wifi.class_id == "0280"
    assert wifi.description == (
        "Realtek Semiconductor Co., Ltd. RTL8723BE PCIe Wireless Network Adapter"
    )
    assert wifi.vendor_device == "10ec:b723"
    assert wifi.revision is None
    assert [d.kind for d in hw.pci] == ["other", "gpu", "other", "network", "network"]


def test_lspci_bracketed_names_use_last_id() -> None:
    line = (
        "03:00.0 Network controller [0280]: Intel Corporation Centrino Advanced-N 6205 "
        "[Taylor Peak] [8086:0085] (rev 34)"
    )
    device = parse_lspci_line(line)
    assert device is not None
    assert device.description == "Intel Corporation Centrino Advanced-N 6205 [Taylor Peak]"
    assert device.vendor_device == "8086:0085"
    assert device.revision == "34"
    amd = parse_lspci_line(
        "03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
        "Picasso/Raven 2 [Radeon Vega Series / Radeon Vega Mobile Series] [1002:15D8] (rev c2)"
    )
    assert amd is not None
    assert amd.vendor_device == "1002:15d8"
    assert amd.kind == "gpu"
    assert amd.description.startswith("Advanced Micro Devices, Inc. [AMD/ATI] Picasso")


def test_lspci_garbage_lines() -> None:
    for line in ("", "   indented [0300]: x [8086:1916]", "Not found", "x" * 10_000, "00:02.0 VGA"):
        assert parse_lspci_line(line) is None


def test_3d_controller_is_gpu() -> None:
    hw = hardware_of("anonymous.txt")
    assert [g.vendor_device for g in hw.gpus] == ["8086:9bc4", "10de:1f99"]
    assert [n.vendor_device for n in hw.network] == ["8086:06f0"]
    assert hw.short() == "MSI GF63 Thin 10SCXR"


def test_old_report_dell() -> None:
    hw = hardware_of("tails-5.14-old-en.txt")
    assert hw.manufacturer == "Dell Inc."
    assert hw.short() == "Dell Latitude E6430"
    assert hw.memory_total_mb == 3951
    assert hw.cpu_model is None
    assert hw.usb_ids == ()


def test_lenovo_uses_system_version() -> None:
    hw = hardware_of("tails-5.14-old-fr.txt")
    assert hw.product == "20HRCTO1WW"
    assert hw.short() == "Lenovo ThinkPad X1 Carbon 5th"


def test_qemu_vm() -> None:
    hw = hardware_of("vm-qemu.txt")
    assert hw.is_vm
    assert hw.short() == "QEMU Standard PC (Q35 + ICH9, 2009)"
    assert hw.memory_total_mb == 4096
    assert [d.vendor_device for d in hw.pci] == ["1af4:1050", "1af4:1041"]


def test_filler_values_dropped() -> None:
    hw = hardware_of("prefill-fsck.txt")
    assert hw.manufacturer == "To Be Filled By O.E.M."
    assert hw.short() == ""
    assert Hardware(manufacturer="ASUS", product="System Product Name").short() == "ASUS"
    assert Hardware(manufacturer="Default string", product="Default string").short() == ""
    assert Hardware(manufacturer="[SN REMOVED]", product="X1").short() == "X1"
    assert Hardware().short() == ""


def test_short_names() -> None:
    assert Hardware(manufacturer="ASUSTeK COMPUTER INC.", product="X512DA").short() == (
        "ASUS X512DA"
    )
    assert Hardware(manufacturer="Hewlett-Packard", product="HP ProBook 4330s").short() == (
        "HP ProBook 4330s"
    )
    assert Hardware(manufacturer="Apple Inc.", product="MacBookPro11,5").short() == (
        "Apple MacBookPro11,5"
    )
    assert Hardware(manufacturer="Example Widgets GmbH", product="Box 3").short() == (
        "Example Widgets Box 3"
    )
    assert Hardware(manufacturer="innotek GmbH", product="VirtualBox").short() == (
        "innotek VirtualBox"
    )


def test_vm_detection_variants() -> None:
    def vm(maker: str, product: str) -> bool:
        sections = (
            DebugSection("/usr/sbin/dmidecode -s system-manufacturer", (maker,)),
            DebugSection("/usr/sbin/dmidecode -s system-product-name", (product,)),
        )
        return extract_hardware(sections).is_vm

    assert vm("innotek GmbH", "VirtualBox")
    assert vm("VMware, Inc.", "VMware Virtual Platform")
    assert vm("QEMU", "Standard PC (i440FX + PIIX, 1996)")
    assert not vm("Dell Inc.", "XPS 15 7590")
    assert not vm("HP", "HP 250 G5 Notebook PC")


def test_not_found_and_empty_sections() -> None:
    sections = (
        DebugSection("/usr/sbin/dmidecode -s system-manufacturer", ("Not found",)),
        DebugSection("/usr/sbin/dmidecode -s system-product-name", ()),
        DebugSection("/usr/bin/lspci -nn", ("Not found",)),
        DebugSection("/usr/bin/free --mega --wide", ("Mem: lots",)),
    )
    hw = extract_hardware(sections)
    assert hw == Hardware()


def test_no_sections() -> None:
    assert extract_hardware(()) == Hardware()


def test_mac_and_known_machines() -> None:
    assert Hardware(manufacturer="Apple Inc.", product="MacBookPro14,3").is_mac
    assert Hardware(manufacturer="To Be Filled By O.E.M.", product="MacBookAir8,1").is_mac
    assert not Hardware(manufacturer="Dell Inc.", product="XPS 15 7590").is_mac
    assert not Hardware(manufacturer="Acer", product="Aspire Mac-like 3").is_mac
    assert hardware_of("tails-7.5-wifi.txt").known
    assert not hardware_of("tails-7.5-wifi.txt").is_mac
    assert not Hardware().known
    assert not Hardware(manufacturer="System manufacturer", product="Default string").known
    assert Hardware(pci=hardware_of("tails-7.5-wifi.txt").pci).known
