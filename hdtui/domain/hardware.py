"""Provides extraction of hardware facts from a WhisperBack report's debug sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from hdtui.domain.debug import DebugSection

_MAX_LINE = 2000

_PCI_CLASS_RE = re.compile(r" \[([0-9a-fA-F]{4})\]: ")
_PCI_ID_RE = re.compile(r"\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]")
_PCI_REV_RE = re.compile(r"\(rev ([0-9a-fA-F]{1,4})\)")
_USB_ID_RE = re.compile(r"\bID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\b")
_MAC_MODEL_RE = re.compile(r"\b(?:MacBookPro|MacBookAir|MacBook|iMacPro|iMac|Macmini|MacPro)"
                           r"\d{1,2},\d{1,2}\b", re.IGNORECASE)
_VM_RE = re.compile(
    r"\b(?:qemu|virtualbox|vmware|innotek|kvm|bochs|parallels|xen|hvm domu|virtual machine)\b",
    re.IGNORECASE,
)

FILLER_VALUES = frozenset(
    {
        "",
        "to be filled by o.e.m.",
        "to be filled by oem",
        "system product name",
        "system manufacturer",
        "system version",
        "default string",
        "not applicable",
        "not specified",
        "not available",
        "not found",
        "none",
        "n/a",
        "na",
        "o.e.m.",
        "oem",
        "unknown",
        "undefined",
        "invalid",
        "type1productconfigid",
        "0123456789",
        "123456789",
        "x.x",
        "-",
    }
)

# Manufacturer strings as written by firmware -> short display name.
_MAKER_NAMES = {
    "hewlett-packard": "HP",
    "hp": "HP",
    "dell inc.": "Dell",
    "dell": "Dell",
    "lenovo": "Lenovo",
    "asustek computer inc.": "ASUS",
    "asus": "ASUS",
    "acer": "Acer",
    "apple inc.": "Apple",
    "apple computer, inc.": "Apple",
    "micro-star international co., ltd.": "MSI",
    "micro-star international co., ltd": "MSI",
    "gigabyte technology co., ltd.": "GIGABYTE",
    "samsung electronics co., ltd.": "Samsung",
    "toshiba": "Toshiba",
    "microsoft corporation": "Microsoft",
    "fujitsu": "Fujitsu",
    "lg electronics": "LG",
    "sony corporation": "Sony",
    "system76": "System76",
    "system76, inc.": "System76",
    "huawei": "Huawei",
    "google": "Google",
    "framework": "Framework",
    "innotek gmbh": "innotek",
    "vmware, inc.": "VMware",
}
_CORPORATE_SUFFIX_RE = re.compile(
    r",?\s+(?:inc\.?|corporation|corp\.?|co\.,?\s*ltd\.?|ltd\.?|gmbh|llc|limited|s\.a\.)$",
    re.IGNORECASE,
)


def is_filler(value: str | None) -> bool:
    """Whether a DMI value is a placeholder such as "To Be Filled By O.E.M." or "[SN REMOVED]"."""
    if value is None:
        return True
    folded = value.strip().casefold()
    if folded in FILLER_VALUES:
        return True
    return folded.startswith("[") and folded.endswith("removed]")


@dataclass(frozen=True, slots=True)
class PciDevice:
    """One ``lspci -nn`` line."""

    slot: str
    class_name: str
    class_id: str
    description: str
    vendor_device: str
    revision: str | None

    @property
    def kind(self) -> str:
        """``gpu`` for class 03xx, ``network`` for 02xx, else ``other``."""
        if self.class_id.startswith("03"):
            return "gpu"
        if self.class_id.startswith("02"):
            return "network"
        return "other"

    @property
    def vendor_id(self) -> str:
        """The four-digit vendor ID ("8086")."""
        return self.vendor_device.split(":", 1)[0]

    @property
    def device_id(self) -> str:
        """The four-digit device ID ("1916")."""
        return self.vendor_device.split(":", 1)[-1]


@dataclass(frozen=True, slots=True)
class Hardware:
    """Hardware facts gathered from dmidecode, lspci, free, lscpu and lsusb sections."""

    manufacturer: str | None = None
    product: str | None = None
    version: str | None = None
    pci: tuple[PciDevice, ...] = ()
    usb_ids: tuple[str, ...] = ()
    memory_total_mb: int | None = None
    cpu_model: str | None = None
    is_vm: bool = False

    @property
    def gpus(self) -> tuple[PciDevice, ...]:
        """PCI display controllers (class 03xx)."""
        return tuple(d for d in self.pci if d.kind == "gpu")

    @property
    def network(self) -> tuple[PciDevice, ...]:
        """PCI network controllers (class 02xx)."""
        return tuple(d for d in self.pci if d.kind == "network")

    @property
    def known(self) -> bool:
        """Whether the report says anything about the machine (DMI names or PCI devices)."""
        return bool(self.pci) or not (is_filler(self.manufacturer) and is_filler(self.product))

    @property
    def is_mac(self) -> bool:
        """Whether the machine is an Apple Mac: Apple made it, or its product name is a Mac
        model identifier (``MacBookPro14,3``)."""
        maker = None if is_filler(self.manufacturer) else (self.manufacturer or "").strip()
        if maker and _maker_name(maker) == "Apple":
            return True
        return bool(self.product and _MAC_MODEL_RE.search(self.product))

    def short(self) -> str:
        """Short machine name ("HP 250 G5 Notebook PC"), or "" if unknown."""
        maker = None if is_filler(self.manufacturer) else (self.manufacturer or "").strip()
        product = None if is_filler(self.product) else (self.product or "").strip()
        version = None if is_filler(self.version) else (self.version or "").strip()
        maker_name = _maker_name(maker) if maker else None
        # Lenovo puts the machine type in the product name and the model in the version.
        if maker_name == "Lenovo" and version and (product is None or _looks_like_code(product)):
            product = version
        if not product:
            return maker_name or ""
        if not maker_name:
            return product
        first = product.split(maxsplit=1)[0].casefold()
        maker_words = {maker_name.casefold(), (maker or maker_name).split()[0].casefold()}
        if product.casefold().startswith((maker or maker_name).casefold()) or first in maker_words:
            return product
        return f"{maker_name} {product}"


def _maker_name(maker: str) -> str:
    """Short display name of a manufacturer."""
    known = _MAKER_NAMES.get(maker.casefold())
    if known is not None:
        return known
    stripped = _CORPORATE_SUFFIX_RE.sub("", maker).strip()
    return stripped or maker


def _looks_like_code(product: str) -> bool:
    """Whether a product name looks like a machine type code ("20HRCTO1WW")."""
    return " " not in product and any(c.isdigit() for c in product) and product.upper() == product


def _first_value(section: DebugSection) -> str | None:
    """The first meaningful content line of a single-value section, stripped."""
    for line in section.lines:
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if value == "Not found" or value.startswith("WARNING: not opening file"):
            return None
        return value[:_MAX_LINE]
    return None


@lru_cache(maxsize=1 << 14)
def parse_lspci_line(line: str) -> PciDevice | None:
    """Parse one ``lspci -nn`` line, or return None if it does not look like one. Kept
    per distinct line: machines of one model list the same devices in the same slots,
    and a PciDevice is frozen (docs/benchmarks.md, "Session 14: the cold read's
    children")."""
    line = line.rstrip("\r\n")
    if not line or len(line) > _MAX_LINE or line[0].isspace():
        return None
    slot, sep, rest = line.partition(" ")
    if not sep or ":" not in slot:
        return None
    class_match = _PCI_CLASS_RE.search(rest)
    if class_match is None:
        return None
    class_name = rest[: class_match.start()].strip()
    tail = rest[class_match.end() :]
    ids = list(_PCI_ID_RE.finditer(tail))
    if not ids:
        return None
    last = ids[-1]
    description = tail[: last.start()].strip()
    rev_match = _PCI_REV_RE.search(tail, last.end())
    return PciDevice(
        slot=slot,
        class_name=class_name,
        class_id=class_match.group(1).lower(),
        description=description,
        vendor_device=f"{last.group(1)}:{last.group(2)}".lower(),
        revision=rev_match.group(1).lower() if rev_match else None,
    )


def _parse_free(section: DebugSection) -> int | None:
    """Total of the ``Mem:`` line of ``free``."""
    for line in section.lines:
        stripped = line.strip()
        if stripped.startswith("Mem:"):
            fields = stripped[4:].split()
            if fields and fields[0].isdigit() and len(fields[0]) < 12:
                return int(fields[0])
            return None
    return None


def _parse_lscpu(section: DebugSection) -> tuple[str | None, bool]:
    """CPU model name and whether a hypervisor vendor is reported."""
    model: str | None = None
    hypervisor = False
    for line in section.lines:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        name = name.strip()
        if name == "Model name" and model is None and value.strip():
            model = value.strip()[:_MAX_LINE]
        elif name == "Hypervisor vendor" and value.strip():
            hypervisor = True
    return model, hypervisor


def extract_hardware(sections: Sequence[DebugSection]) -> Hardware:
    """Gather hardware facts from the debug sections that describe the machine."""
    manufacturer: str | None = None
    product: str | None = None
    version: str | None = None
    pci: list[PciDevice] = []
    seen_pci = False
    usb: dict[str, None] = {}
    memory: int | None = None
    cpu: str | None = None
    hypervisor = False
    for section in sections:
        key = section.key
        command = section.command
        if "dmidecode" in key:
            if "system-manufacturer" in key and manufacturer is None:
                manufacturer = _first_value(section)
            elif "system-product-name" in key and product is None:
                product = _first_value(section)
            elif "system-version" in key and version is None:
                version = _first_value(section)
        elif command == "lspci" and not seen_pci:
            seen_pci = True
            for line in section.lines:
                device = parse_lspci_line(line)
                if device is not None:
                    pci.append(device)
        elif command == "free" and memory is None:
            memory = _parse_free(section)
        elif command == "lscpu" and cpu is None:
            cpu, hypervisor = _parse_lscpu(section)
        elif command == "lsusb":
            for line in section.lines:
                if "ID " not in line or len(line) > _MAX_LINE:
                    continue
                for match in _USB_ID_RE.finditer(line):
                    usb.setdefault(f"{match.group(1)}:{match.group(2)}".lower(), None)
    vm_text = f"{manufacturer or ''} {product or ''}"
    return Hardware(
        manufacturer=manufacturer,
        product=product,
        version=version,
        pci=tuple(pci),
        usb_ids=tuple(usb),
        memory_total_mb=memory,
        cpu_model=cpu,
        is_vm=bool(_VM_RE.search(vm_text)) or hypervisor,
    )
