package dev.mmlake.connectors;

import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.media.AudioDecoder;
import dev.mmlake.media.ImageDecoder;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.media.VideoDecoder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a connector needs for one read: where bytes go, the license table, where item failures
 * and progress go, and the caps that bound decoding. {@link #ingestedAt()} is fixed when the
 * context is made, so all rows of one statement carry the same time.
 */
public final class IngestContext {
  private final ContentStore cas;
  private final Licenses licenses;
  private final FailureLog failures;
  private final StatementContext.Progress progress;
  private String runId;
  private final MediaLimits limits;
  private final Instant ingestedAt;
  private final ImageDecoder images;
  private final AudioDecoder audio;
  private final VideoDecoder video;
  private final DataRoots dataRoots;

  /**
   * A context whose connectors may read any path.
   *
   * @param progress may be null for none
   */
  public IngestContext(ContentStore cas, Licenses licenses, FailureLog failures,
      StatementContext.Progress progress, MediaLimits limits) {
    this(cas, licenses, failures, progress, limits, DataRoots.unrestricted());
  }

  /**
   * @param progress may be null for none
   * @param dataRoots the folders the connector may read; every file it opens is checked
   */
  public IngestContext(ContentStore cas, Licenses licenses, FailureLog failures,
      StatementContext.Progress progress, MediaLimits limits, DataRoots dataRoots) {
    this.dataRoots = Objects.requireNonNull(dataRoots, "dataRoots is null");
    this.cas = Objects.requireNonNull(cas, "cas is null");
    this.licenses = Objects.requireNonNull(licenses, "licenses is null");
    this.failures = Objects.requireNonNull(failures, "failures is null");
    this.progress = progress == null ? StatementContext.Progress.NONE : progress;
    this.limits = Objects.requireNonNull(limits, "limits is null");
    // Iceberg timestamps hold microseconds: truncate so a stored row equals the emitted one.
    this.ingestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    this.images = new ImageDecoder(limits);
    this.audio = new AudioDecoder(limits);
    this.video = new VideoDecoder(limits);
  }

  /**
   * The context of a SQL statement: its lakehouse's store and limits, the shipped licenses, and
   * the folders the statement's session may read.
   */
  public static IngestContext of(StatementContext statement, DataRoots dataRoots) {
    IngestContext c = new IngestContext(statement.lakehouse().cas(), Licenses.load(),
        statement.failures(), statement.progress(),
        MediaLimits.from(statement.lakehouse().config()), dataRoots);
    c.runId = statement.runId();
    return c;
  }

  /** The run that ingests, written to {@code lake.items.run_id}; null outside a statement. */
  public String runId() {
    return runId;
  }

  /** The folders connectors may read; built-in connectors check every file they open. */
  public DataRoots dataRoots() {
    return dataRoots;
  }

  public ContentStore cas() {
    return cas;
  }

  public Licenses licenses() {
    return licenses;
  }

  public FailureLog failures() {
    return failures;
  }

  public StatementContext.Progress progress() {
    return progress;
  }

  public MediaLimits limits() {
    return limits;
  }

  public Instant ingestedAt() {
    return ingestedAt;
  }

  public ImageDecoder images() {
    return images;
  }

  public AudioDecoder audio() {
    return audio;
  }

  public VideoDecoder video() {
    return video;
  }
}
