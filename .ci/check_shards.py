#!/usr/bin/env python3
"""Checks one shard set of a demo lakehouse without mmlake's Java code: Python's tarfile, json,
hashlib and NumPy only. Shard rows and cached vectors come from `./mmlake sql --format ndjson`.

  python3 .ci/check_shards.py LAKEHOUSE_DIR [VERSION]

Every shard's sha256 and size match its lake.shards row and the index; every sample's members are
consecutive and complete (blob or .txt, .json; .npy when the .json names an embedding); every .npy
loads with numpy.load and equals the vector cached in lake.embeddings.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEDIA = {"image": {"jpg", "png", "webp", "gif", "bmp", "tiff", "bin"},
         "audio": {"flac", "wav", "mp3", "ogg", "bin"},
         "video": {"mp4", "webm", "mkv", "mov", "bin"},
         "text": {"txt"}}


def sql(home, statement):
    out = subprocess.run([os.path.join(ROOT, "mmlake"), "sql", "--home", home, "--format", "ndjson",
                          statement], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def fail(message):
    print("check_shards: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def samples_of(path):
    """(key, {ext: bytes}) in file order; members of a sample must be consecutive."""
    out, seen = [], set()
    with tarfile.open(path) as tf:
        for m in tf:
            if not m.isfile():
                fail(f"{path}: {m.name} is not a regular file")
            key, ext = m.name.split(".", 1)
            if not out or out[-1][0] != key:
                if key in seen:
                    fail(f"{path}: members of sample {key} are not consecutive")
                seen.add(key)
                out.append((key, {}))
            out[-1][1][ext] = tf.extractfile(m).read()
    return out


def main():
    home = sys.argv[1]
    version = sys.argv[2] if len(sys.argv) > 2 else "coco@v002"
    rows = sql(home, "SELECT shard, uri, samples, bytes, sha256, options_hash FROM lake.shards "
                     f"WHERE version = '{version}' ORDER BY shard")
    if not rows:
        fail(f"no lake.shards rows for {version}")
    if len({r["options_hash"] for r in rows}) != 1:
        fail("expected one shard set of " + version)
    vectors_needed = {}
    checked = 0
    folder = None
    for r in rows:
        path = urllib.request.url2pathname(urllib.parse.urlparse(r["uri"]).path)
        folder = os.path.dirname(path)
        with open(path, "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != r["sha256"]:
            fail(f"{path}: sha256 differs from lake.shards")
        if len(data) != r["bytes"]:
            fail(f"{path}: {len(data)} bytes, lake.shards says {r['bytes']}")
        samples = samples_of(path)
        if len(samples) != r["samples"]:
            fail(f"{path}: {len(samples)} samples, lake.shards says {r['samples']}")
        for key, members in samples:
            if "json" not in members:
                fail(f"{path}: sample {key} has no .json")
            meta = json.loads(members["json"])
            if meta.get("version") != version:
                fail(f"{path}: sample {key} has version {meta.get('version')}")
            media = set(members) - {"json", "npy", "txt"}
            allowed = MEDIA.get(meta.get("modality"), set())
            if meta.get("modality") == "text":
                if "txt" not in members:
                    fail(f"{path}: text sample {key} has no .txt")
            elif len(media) != 1 or not media <= allowed:
                fail(f"{path}: sample {key} ({meta.get('modality')}) has members {sorted(members)}")
            if ("npy" in members) != ("embedding" in meta):
                fail(f"{path}: sample {key}: .npy and the .json's embedding disagree")
            if "npy" in members:
                vec = np.load(io.BytesIO(members["npy"]), allow_pickle=False)
                if vec.dtype != np.float32 or vec.ndim != 1:
                    fail(f"{path}: sample {key}: .npy is {vec.dtype} {vec.shape}")
                vectors_needed.setdefault(meta["embedding"], {})[meta["content_hash"]] = (key, vec)
            checked += 1
    prefix = rows[0]["shard"].rsplit("-", 1)[0]
    with open(os.path.join(folder, prefix + "-index.json")) as f:
        index = json.load(f)
    listed = {s["url"]: s["sha256"] for s in index["shardlist"]}
    if listed != {r["shard"]: r["sha256"] for r in rows}:
        fail("the index's shard list differs from lake.shards")
    compared = 0
    for model, wanted in vectors_needed.items():
        name, model_version = model.rsplit("@", 1)
        cached = sql(home, "SELECT content_hash, vector FROM lake.embeddings WHERE model = "
                           f"'{name}' AND model_version = '{model_version}'")
        by_hash = {c["content_hash"]: np.array(c["vector"], dtype=np.float32) for c in cached}
        for content_hash, (key, vec) in wanted.items():
            if content_hash not in by_hash:
                fail(f"sample {key}: no cached {model} vector for {content_hash}")
            if not np.array_equal(vec, by_hash[content_hash]):
                fail(f"sample {key}: .npy differs from the cached {model} vector")
            compared += 1
    if compared == 0:
        fail("no .npy member was checked; the demo writes shards with embeddings")
    print(f"check_shards: OK: {version}: {len(rows)} shards, {checked} samples, {compared} .npy "
          "vectors equal to lake.embeddings, sha256 and sizes match lake.shards and the index")


if __name__ == "__main__":
    main()
