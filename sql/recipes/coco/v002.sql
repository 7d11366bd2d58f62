-- dataset: coco
-- version: v002
-- parent: v001
-- description: Cleaned: drop items that failed quality checks and near-duplicates that dedup did not keep.
-- quality_rule: status = 'fail' removes an item
-- dedup_rule: kept = FALSE removes an item (its nearest_id stays)
-- live_transform: random_crop_v001 {"size": 224, "scale": [0.08, 1.0]}
-- live_transform: horizontal_flip_v001 {"p": 0.5}
--
-- lake.quality (item_id, status, reason, ...) and lake.dedup (item_id, cluster_id, kept,
-- nearest_id, similarity, ...) may be empty: NOT EXISTS keeps every item then. NOT EXISTS
-- (rather than a LEFT JOIN) never repeats an item when a table holds several rows for it.
SELECT i.*
FROM datasets."coco@v001" AS i
WHERE NOT EXISTS (SELECT 1 FROM lake.quality AS q
                  WHERE q.item_id = i.id AND q.status = 'fail')
  AND NOT EXISTS (SELECT 1 FROM lake.dedup AS d
                  WHERE d.item_id = i.id AND d.kept = FALSE);
