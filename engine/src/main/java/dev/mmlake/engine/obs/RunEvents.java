package dev.mmlake.engine.obs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Builds OpenLineage 2-0-2 RunEvents. Standard facets: {@code parent}, {@code processing_engine},
 * {@code errorMessage} (run), {@code sql} and {@code jobType} (job). mmlake's own facets:
 * {@code mmlake_run} (status, duration, code version, config hash, row counts) and
 * {@code mmlake_cost} (resources and their price) on the run, {@code mmlake_snapshot} on datasets.
 */
final class RunEvents {
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String MMLAKE_FACET = "urn:mmlake:facet:1-0-0";
  private static final String FACETS = "https://openlineage.io/spec/facets/";
  static final String PARENT_FACET =
      FACETS + "1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet";
  static final String ENGINE_FACET =
      FACETS + "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet";
  static final String ERROR_FACET =
      FACETS + "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
  static final String SQL_FACET = FACETS + "1-0-1/SQLJobFacet.json#/$defs/SQLJobFacet";
  static final String JOB_TYPE_FACET = FACETS + "2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";

  private final String namespace;
  private final String producer;
  private final String configHash;

  RunEvents(String namespace, String configHash) {
    this.namespace = namespace;
    this.producer = "urn:mmlake:" + BuildInfo.version();
    this.configHash = configHash;
  }

  String namespace() {
    return namespace;
  }

  /** Adds facet {@code name} with the base fields to {@code facets}; returns it. */
  ObjectNode facet(ObjectNode facets, String name, String schemaUrl) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", producer);
    f.put("_schemaURL", schemaUrl);
    return f;
  }

  /** The START event of {@code job}. */
  ObjectNode start(LineageJob job, Instant at, ArrayNode inputs) {
    ObjectNode e = base("START", job, at);
    e.set("inputs", inputs);
    e.putArray("outputs");
    return e;
  }

  /** The COMPLETE or FAIL event of {@code job}. */
  ObjectNode finish(LineageJob job, Instant at, RunOutcome outcome, ResourceUsage usage,
      double cost, String currency, ArrayNode inputs, ArrayNode outputs) {
    ObjectNode e = base(outcome.ok() ? "COMPLETE" : "FAIL", job, at);
    ObjectNode facets = (ObjectNode) e.get("run").get("facets");
    if (!outcome.ok()) {
      ObjectNode err = facet(facets, "errorMessage", ERROR_FACET);
      err.put("message", outcome.error() == null ? "failed" : outcome.error());
      err.put("programmingLanguage", LineageJob.QUERY.equals(job.type()) ? "SQL" : "Java");
    }
    ObjectNode run = facet(facets, "mmlake_run", MMLAKE_FACET);
    run.put("status", outcome.ok() ? "ok" : "error");
    run.put("durationMs", Math.round(usage.wallSeconds() * 1000));
    ObjectNode code = run.putObject("codeVersion");
    code.put("version", BuildInfo.version());
    code.put("gitCommit", BuildInfo.commit());
    run.put("configHash", configHash);
    run.put("rowsRead", outcome.rowsRead());
    run.put("rowsWritten", outcome.rowsWritten());
    run.put("rowsSkipped", outcome.rowsSkipped());
    run.put("failures", outcome.failures());
    ObjectNode c = facet(facets, "mmlake_cost", MMLAKE_FACET);
    c.put("cpuSeconds", usage.cpuSeconds());
    c.put("gpuSeconds", usage.gpuSeconds());
    c.put("memoryGbSeconds", usage.memoryGbSeconds());
    c.put("storageBytes", usage.storageBytes());
    c.put("egressBytes", usage.egressBytes());
    c.put("cost", cost);
    c.put("currency", currency);
    long records = Math.max(outcome.rowsWritten(), outcome.rowsRead());
    if (records > 0) {
      c.put("costPer1000Records", cost * 1000 / records);
    }
    e.set("inputs", inputs);
    e.set("outputs", outputs);
    return e;
  }

  private ObjectNode base(String type, LineageJob job, Instant at) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("eventType", type);
    e.put("eventTime", at.atOffset(ZoneOffset.UTC).toString());
    e.put("producer", producer);
    e.put("schemaURL", SCHEMA_URL);
    ObjectNode run = e.putObject("run");
    run.put("runId", job.runId());
    ObjectNode runFacets = run.putObject("facets");
    if (job.parent() != null) {
      ObjectNode p = facet(runFacets, "parent", PARENT_FACET);
      p.putObject("run").put("runId", job.parent().runId());
      ObjectNode pj = p.putObject("job");
      pj.put("namespace", namespace);
      pj.put("name", job.parent().name());
    }
    ObjectNode engine = facet(runFacets, "processing_engine", ENGINE_FACET);
    engine.put("version", BuildInfo.version());
    engine.put("name", "mmlake");
    engine.put("openlineageAdapterVersion", BuildInfo.version());
    ObjectNode j = e.putObject("job");
    j.put("namespace", namespace);
    j.put("name", job.name());
    ObjectNode jobFacets = j.putObject("facets");
    ObjectNode jt = facet(jobFacets, "jobType", JOB_TYPE_FACET);
    jt.put("processingType", "BATCH");
    jt.put("integration", "MMLAKE");
    jt.put("jobType", job.type());
    if (job.sql() != null) {
      facet(jobFacets, "sql", SQL_FACET).put("query", job.sql());
    }
    return e;
  }
}
