package dev.mmlake.engine.obs;

/**
 * What an OpenLineage run is a run of.
 *
 * @param runId the run's UUID (a statement's {@code obs.runs} run id)
 * @param name the job name: a recipe's {@code recipe:<dataset>@<version>} or a statement's
 *     digest
 * @param type {@code QUERY} for a statement, {@code RECIPE} for a recipe run
 * @param sql the statement text, or null
 * @param parent the run this one is part of (a recipe's, for its statements), or null
 */
public record LineageJob(String runId, String name, String type, String sql, LineageJob parent) {
  public static final String QUERY = "QUERY";
  public static final String RECIPE = "RECIPE";
}
