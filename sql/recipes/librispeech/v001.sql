-- dataset: librispeech
-- version: v001
-- parent: none
-- description: Baseline speech: every audio item in lake.items with its transcript.
SELECT id, source, source_id, modality, content_hash, content_uri, mime, size_bytes, text,
       license, connector, connector_version, ingested_at, metadata
FROM lake.items
WHERE modality = 'audio';
