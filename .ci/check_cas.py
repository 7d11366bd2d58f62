#!/usr/bin/env python3
"""Resolves the cas:// URIs of a demo lakehouse with Python's standard library only, as
docs/python.md shows, and checks every blob against its lake.items row.

  python3 .ci/check_cas.py LAKEHOUSE_DIR

For each item with a content_uri: the URI parses, the blob file exists under <home>/cas, its
sha256 is the URI's digest and the row's content_hash, and its length is the row's size_bytes.
Malformed URIs are refused. The rows come from `./mmlake sql --format ndjson`.
"""
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = "cas://sha256/"
DIGEST = re.compile(r"[0-9a-f]{64}")


# --- the resolver of docs/python.md -----------------------------------------------------------
def cas_path(cas_root, uri):
    """The file of a cas://sha256/<hex> URI under the content store folder (<home>/cas)."""
    if not uri.startswith(PREFIX) or not DIGEST.fullmatch(uri[len(PREFIX):]):
        raise ValueError(f"not a content URI: {uri!r}")
    digest = uri[len(PREFIX):]
    return pathlib.Path(cas_root, "sha256", digest[:2], digest[2:4], digest)


def cas_read(cas_root, uri):
    """The bytes of a blob, checked against the digest its URI names."""
    data = cas_path(cas_root, uri).read_bytes()
    if hashlib.sha256(data).hexdigest() != uri[len(PREFIX):]:
        raise IOError(f"blob {uri} is corrupt: its sha256 differs from its name")
    return data
# ----------------------------------------------------------------------------------------------


def fail(message):
    print("check_cas: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        fail("usage: check_cas.py LAKEHOUSE_DIR")
    home = sys.argv[1]
    out = subprocess.run([os.path.join(ROOT, "mmlake"), "sql", "--home", home, "--format",
                          "ndjson", "SELECT content_uri, content_hash, size_bytes, modality "
                          "FROM lake.items WHERE content_uri IS NOT NULL"],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    if not rows:
        fail("lake.items has no content_uri to resolve")
    modalities = set()
    for row in rows:
        data = cas_read(os.path.join(home, "cas"), row["content_uri"])
        if row["content_hash"] != row["content_uri"][len(PREFIX):]:
            fail(f"{row['content_uri']}: content_hash {row['content_hash']} differs")
        if row["size_bytes"] is not None and len(data) != row["size_bytes"]:
            fail(f"{row['content_uri']}: {len(data)} bytes, size_bytes says {row['size_bytes']}")
        modalities.add(row["modality"])
    for bad in ["cas://sha256/../../etc/passwd", "cas://md5/" + "0" * 32, PREFIX + "A" * 64]:
        try:
            cas_path(os.path.join(home, "cas"), bad)
        except ValueError:
            continue
        fail(f"the resolver accepted {bad!r}")
    print(f"check_cas: OK: {len(rows)} blobs resolved and verified "
          f"({', '.join(sorted(modalities))})")


if __name__ == "__main__":
    main()
