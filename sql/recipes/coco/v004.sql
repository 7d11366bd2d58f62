-- dataset: coco
-- version: v004
-- parent: v003
-- description: Takedown: remove COCO images 4191 and 5204 (and demo images 776, 785) at the rights holder's request.
-- takedown: rights holder request RH-2026-0042 (COCO images 4191, 5204, 776, 785)
-- requested_by: legal@example.org
--
-- A takedown is a new version whose parent is the current one: no re-ingest, and v001..v003
-- stay readable. The runner records every item v003 had and v004 lacks in lake.takedowns
-- with the reason above. To take down a whole source: WHERE source <> 'that-source'.
SELECT *
FROM datasets."coco@v003"
WHERE NOT (source = 'coco' AND source_id IN ('4191', '5204', '776', '785'));
