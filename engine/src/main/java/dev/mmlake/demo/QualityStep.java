package dev.mmlake.demo;

import dev.mmlake.engine.dedup.QualityDedupSql;

/** Scores every item, removes exact and near duplicates, and prints counts and reasons. */
final class QualityStep implements DemoStep {
  private final boolean randomClip;

  /** @param randomClip whether EMBED_CLIP is the random-weight test model */
  QualityStep(boolean randomClip) {
    this.randomClip = randomClip;
  }

  @Override
  public String title() {
    return "Quality scores, exact and near-duplicate removal, diversity metrics";
  }

  @Override
  public void run(Demo.Context ctx) {
    if (randomClip) {
      ctx.out().println("-- the CLIP model is the random-weight test model, so caption-image "
          + "similarity means nothing: that rule is switched off by a threshold override");
      ctx.sql(QualityDedupSql.scoreItems("{\"image.min_caption_similarity\": -1}"));
    } else {
      ctx.sql(QualityDedupSql.SCORE_ITEMS);
    }
    ctx.out().println("-- the sample FineWeb texts are generated from a small phrase list, so the "
        + "repetition rule (duplicate 5-gram fraction, as in Gopher) rightly flags most of them");
    ctx.sql("SELECT i.modality, q.status, COUNT(*) AS items FROM lake.quality q "
        + "JOIN lake.items i ON i.id = q.item_id GROUP BY i.modality, q.status "
        + "ORDER BY i.modality, q.status");
    ctx.sql("SELECT SUBSTRING(reason FROM 1 FOR POSITION(':' IN reason || ':') - 1) AS reason, "
        + "COUNT(*) AS items FROM lake.quality WHERE status = 'fail' GROUP BY 1 ORDER BY 2 DESC");
    ctx.sql(QualityDedupSql.EXACT_DEDUP);
    ctx.sql(QualityDedupSql.TEXT_NEAR_DEDUP);
    ctx.sql(QualityDedupSql.IMAGE_NEAR_DEDUP);
    ctx.sql("SELECT d.\"method\", i.source, i.source_id, SUBSTRING(d.nearest_id FROM 1 FOR 12) "
        + "AS duplicate_of, ROUND(d.similarity, 4) AS similarity FROM lake.dedup d "
        + "JOIN lake.items i ON i.id = d.item_id WHERE NOT d.kept ORDER BY 1, 2, 3");
    ctx.sql("SELECT metric, ROUND(\"value\", 4) AS \"value\", labels FROM obs.metrics "
        + "WHERE stage = 'dedup' AND labels LIKE '%\"method\"%' ORDER BY recorded_at, metric");
  }
}
