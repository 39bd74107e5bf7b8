"""Measures decryption throughput: one gpg process a report against one for many (issue #12).

Run: .venv/bin/python benchmarks/gpg_batch.py [--reports 600] [--workers 2] [--batch 50]

Encrypts REPORTS WhisperBack reports (the demo's bodies, each with its own report ID) to a
throwaway key, then decrypts them all with WORKERS threads, as the reader does: once with
``GpgCrypto.decrypt_text`` (one gpg process a report, today's reading path), once with
``GpgCrypto.decrypt_texts`` over batches of BATCH (one ``gpg --decrypt-files`` a batch).
Prints reports a second for each, and checks both gave the same texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.config import demo_dir  # noqa: E402
from hdtui.domain.mail import DecryptedText  # noqa: E402
from hdtui.gpg import GpgCrypto  # noqa: E402
from hdtui.sources.parse import parse_message  # noqa: E402
from tests.support.pgp import KeyPair, make_key, whisperback_message  # noqa: E402


def ciphertexts(key: KeyPair, count: int) -> list[bytes]:
    bodies = [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted((ROOT / "tests" / "data" / "whisperback").glob("*.txt"))]
    bodies = bodies or [(demo_dir() / "README").read_text()]
    found = []
    for n in range(count):
        parsed = parse_message(whisperback_message(bodies[n % len(bodies)], f"{n:032x}", key),
                               str(n))
        assert parsed.ciphertext is not None
        found.append(parsed.ciphertext)
    return found


def timed(run: Callable[[], list[DecryptedText]]) -> tuple[float, list[DecryptedText]]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    key = make_key()
    try:  # the throwaway key's home, not left in $TMPDIR whatever fails (or ^C)
        measure(args, GpgCrypto(key.home), ciphertexts(key, args.reports))
    finally:
        key.close()


def measure(args: argparse.Namespace, crypto: GpgCrypto, texts: list[bytes]) -> None:
    crypto.decrypt_text(texts[0])  # the agent started, the key loaded: not timed

    def one_by_one() -> list[DecryptedText]:
        with ThreadPoolExecutor(args.workers) as pool:
            return list(pool.map(crypto.decrypt_text, texts))

    def batched() -> list[DecryptedText]:
        chunks: Sequence[Sequence[bytes]] = [texts[i:i + args.batch]
                                             for i in range(0, len(texts), args.batch)]
        with ThreadPoolExecutor(args.workers) as pool:
            return [r for chunk in pool.map(crypto.decrypt_texts, chunks) for r in chunk]

    alone, first = timed(one_by_one)
    together, second = timed(batched)
    assert all(r.ok for r in first) and [r.text for r in first] == [r.text for r in second]
    print(f"{args.reports} encrypted reports, {args.workers} workers: one gpg a report "
          f"{args.reports / alone:.0f}/s ({alone:.2f} s); --decrypt-files in batches of "
          f"{args.batch} {args.reports / together:.0f}/s ({together:.2f} s); "
          f"{crypto.batched} decrypted in batches")
    crypto.stop_agent()


if __name__ == "__main__":
    main()
