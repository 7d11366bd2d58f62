package dev.mmlake.demo;

/**
 * Embeds the sample texts (all-MiniLM-L6-v2) and images (the configured CLIP export) in batches,
 * fills the embedding cache, and shows that a second run reuses it.
 */
final class EmbedStep implements DemoStep {
  private final boolean clip;

  EmbedStep(boolean clip) {
    this.clip = clip;
  }

  @Override
  public String title() {
    return "Embeddings in batches, cached in lake.embeddings";
  }

  @Override
  public void run(Demo.Context ctx) {
    ctx.sql("CREATE TABLE lake.text_vectors AS SELECT id, source, EMBED_TEXT(text) AS v "
        + "FROM lake.items WHERE modality = 'text' AND text IS NOT NULL");
    if (clip) {
      ctx.sql("CREATE TABLE lake.image_vectors AS SELECT id, source, EMBED_CLIP(content_uri) AS v "
          + "FROM lake.items WHERE modality = 'image'");
    } else {
      ctx.out().println("-- EMBED_CLIP skipped: set embed.clip.model-dir (docs/models.md)");
    }
    ctx.sql("SELECT model, model_version, dim, COUNT(*) AS vectors FROM lake.embeddings "
        + "GROUP BY model, model_version, dim");
    ctx.out().println("-- the same query again computes nothing new: every vector is a cache hit");
    ctx.sql("SELECT COUNT(*) AS embedded FROM (SELECT EMBED_TEXT(text) AS v FROM lake.items "
        + "WHERE modality = 'text' AND text IS NOT NULL) WHERE CARDINALITY(v) = 384");
    ctx.sql("SELECT COUNT(*) AS vectors_after_second_run FROM lake.embeddings");
  }
}
