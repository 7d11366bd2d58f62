package dev.mmlake.engine.dedup;

/**
 * The SQL that scores every item and records exact and near duplicates, as the demo and the
 * docs run it. Thresholds: cosine 0.95 for texts (all-MiniLM-L6-v2) and for images (16x16
 * thumbnail vectors). On the sample corpus distinct templated texts reach 0.92 and planted edits
 * 0.9999; distinct images stay below 0.9 and planted copies (re-encoded, resized, cropped) reach
 * 0.96 and more.
 */
public final class QualityDedupSql {
  /** Scores every item of lake.items into lake.quality (one row per item and run). */
  public static final String SCORE_ITEMS = """
      INSERT INTO lake.quality
      SELECT s.id, s.q.status, s.q.reason, s.q.score, s.q.rules_version, s.q.thresholds,
             CURRENT_TIMESTAMP
      FROM (SELECT id, QUALITY_SCORE(modality, content_uri, text, metadata) AS q
            FROM lake.items) AS s""";

  /** {@link #SCORE_ITEMS} with threshold overrides, a JSON object such as {@code {"min_tokens": 20}}. */
  public static String scoreItems(String thresholdsJson) {
    return SCORE_ITEMS.replace("QUALITY_SCORE(modality, content_uri, text, metadata)",
        "QUALITY_SCORE(modality, content_uri, text, metadata, '"
            + thresholdsJson.replace("'", "''") + "')");
  }

  /** Exact duplicates: same bytes, or for texts the same normalized text. */
  public static final String EXACT_DEDUP = """
      INSERT INTO lake.dedup
      SELECT d.id, d.cluster_id, d.kept, d.nearest_id, d.similarity, 1.0, 'exact', RUN_ID()
      FROM TABLE(EXACT_DEDUP(CURSOR(
          SELECT i.id,
                 CASE WHEN i.modality = 'text' THEN TEXT_KEY(i.text) ELSE i.content_hash END,
                 q.score, i.ingested_at
          FROM lake.items AS i LEFT JOIN lake.quality AS q ON q.item_id = i.id
          WHERE i.modality <> 'text' OR i.text IS NOT NULL))) AS d""";

  /** Near-duplicate texts by sentence embedding. */
  public static final String TEXT_NEAR_DEDUP = """
      INSERT INTO lake.dedup
      SELECT d.id, d.cluster_id, d.kept, d.nearest_id, d.similarity, 0.95, 'ann_text_minilm',
             RUN_ID()
      FROM TABLE(ANN_DEDUP(CURSOR(
          SELECT i.id, EMBED_TEXT(i.text), q.score
          FROM lake.items AS i LEFT JOIN lake.quality AS q ON q.item_id = i.id
          WHERE i.modality = 'text' AND i.text IS NOT NULL AND TRIM(i.text) <> ''), 0.95)) AS d""";

  /** Near-duplicate images by thumbnail vector. */
  public static final String IMAGE_NEAR_DEDUP = """
      INSERT INTO lake.dedup
      SELECT d.id, d.cluster_id, d.kept, d.nearest_id, d.similarity, 0.95, 'ann_image_thumb',
             RUN_ID()
      FROM TABLE(ANN_DEDUP(CURSOR(
          SELECT i.id, IMAGE_THUMB_VECTOR(i.content_uri), q.score
          FROM lake.items AS i LEFT JOIN lake.quality AS q ON q.item_id = i.id
          WHERE i.modality = 'image'), 0.95)) AS d""";

  private QualityDedupSql() {
  }
}
