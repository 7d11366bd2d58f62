package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.ContentRef;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.media.AudioInfo;
import dev.mmlake.media.FailureCodes;
import dev.mmlake.media.ImageDecoder;
import dev.mmlake.media.ImageInfo;
import dev.mmlake.media.MediaDecodeException;
import dev.mmlake.media.VideoInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The per-item ingest steps every connector shares: read and validate the bytes with a bounded
 * decoder, store them in CAS, build the row, emit it; or record a failure event and go on.
 * Keeps the counts that progress reports. One per read; not thread-safe.
 */
final class ItemEmitter {
  static final String STAGE = "ingest";

  private final IngestContext ctx;
  private final ConnectorSpec spec;
  private final Consumer<ItemRow> out;
  private final String license;
  private final String licenseTerms;
  private long total = -1;
  private long emitted;
  private long failed;
  private long bytes;

  ItemEmitter(IngestContext ctx, ConnectorSpec spec, Consumer<ItemRow> out) {
    this.ctx = ctx;
    this.spec = spec;
    this.out = out;
    Licenses.SourceLicense sl = ctx.licenses().forSource(spec.source()).orElse(null);
    this.license = sl == null ? null : sl.licenseId();
    this.licenseTerms = sl == null ? null : sl.terms();
  }

  /** Sets the number of items expected, for progress. */
  void expect(long items) {
    this.total = items;
    report();
  }

  long emitted() {
    return emitted;
  }

  long failed() {
    return failed;
  }

  /** A text item: strict UTF-8, within the text cap. */
  void text(String sourceId, String ref, byte[] utf8, ObjectNode metadata) {
    try {
      if (utf8.length > ctx.limits().maxTextBytes()) {
        throw new MediaDecodeException(FailureCodes.TOO_LARGE, ref, utf8.length
            + " bytes of text is over ingest.max-text-bytes=" + ctx.limits().maxTextBytes());
      }
      String text = decodeUtf8(utf8, ref);
      ContentRef stored = ctx.cas().put(utf8);
      emit(sourceId, "text", stored, "text/plain; charset=utf-8", text, metadata, ref, license,
          licenseTerms);
    } catch (MediaDecodeException e) {
      fail(sourceId, "text", e);
    }
  }

  /** An image file: decoded fully (pixel cap from the header first) before it is stored. */
  void image(String sourceId, Path file, String text, ObjectNode metadata) {
    image(sourceId, file, text, metadata, license, licenseTerms);
  }

  /**
   * An image whose own license the connector knows ({@code licenseId}, an id of
   * {@code lake.licenses}); {@code terms} is the source's wording of it.
   */
  void image(String sourceId, Path file, String text, ObjectNode metadata, String licenseId,
      String terms) {
    String ref = file.toString();
    Path readable = readable(file);
    try {
      byte[] data = readCapped(readable, ref);
      ImageInfo info = ctx.images().validate(data, ref);
      ContentRef stored = ctx.cas().put(data);
      metadata.putObject("media").put("width", info.width()).put("height", info.height())
          .put("format", info.format()).put("channels", info.channels());
      emit(sourceId, "image", stored, ImageDecoder.mimeOf(info.format()), text, metadata, ref,
          licenseId, terms);
    } catch (MediaDecodeException e) {
      fail(sourceId, "image", e);
    }
  }

  /** An audio file: every sample decoded and checked against the header before it is stored. */
  void audio(String sourceId, Path file, String text, ObjectNode metadata) {
    String ref = file.toString();
    Path readable = readable(file);
    try {
      AudioInfo info = ctx.audio().validate(readable, ref);
      ContentRef stored = store(readable, ref);
      metadata.putObject("media").put("duration", info.durationSeconds())
          .put("sample_rate", info.sampleRate()).put("channels", info.channels())
          .put("codec", info.codec());
      emit(sourceId, "audio", stored, mimeOf(file), text, metadata, ref, license,
          licenseTerms);
    } catch (MediaDecodeException e) {
      fail(sourceId, "audio", e);
    }
  }

  /** A video file: every frame decoded and counted against the header before it is stored. */
  void video(String sourceId, Path file, String text, ObjectNode metadata) {
    String ref = file.toString();
    Path readable = readable(file);
    try {
      VideoInfo info = ctx.video().validate(readable, ref);
      ContentRef stored = store(readable, ref);
      metadata.putObject("media").put("duration", info.durationSeconds()).put("fps", info.fps())
          .put("frames", info.frames()).put("width", info.width()).put("height", info.height())
          .put("codec", info.codec());
      emit(sourceId, "video", stored, mimeOf(file), text, metadata, ref, license,
          licenseTerms);
    } catch (MediaDecodeException e) {
      fail(sourceId, "video", e);
    }
  }

  /**
   * The path to read for {@code file}, checked against the context's data roots: a file (or link)
   * outside them ends the read with PERMISSION_DENIED rather than being skipped.
   */
  Path readable(Path file) {
    return ctx.dataRoots().check(file, spec.sqlName());
  }

  /** Records a failure found by the connector itself (e.g. a malformed index record). */
  void fail(String sourceId, String modality, String ref, String errorType, String message) {
    fail(sourceId, modality, new MediaDecodeException(errorType, ref, message));
  }

  private void fail(String sourceId, String modality, MediaDecodeException e) {
    String id = sourceId == null ? null : ItemRow.idOf(spec.source(), sourceId);
    ctx.failures().record(FailureEvent.of(STAGE, spec.source(), modality, id, e.itemRef(),
        e.errorType(), e.reason(), e.retryable()));
    failed++;
    report();
  }

  private void emit(String sourceId, String modality, ContentRef stored, String mime,
      String text, ObjectNode metadata, String sourceFile, String licenseId, String terms) {
    ItemRow row = new ItemRow(ItemRow.idOf(spec.source(), sourceId), spec.source(),
        sourceId, modality, stored.hash(), stored.uri(), mime, stored.size(), text, licenseId,
        spec.sqlName(), spec.version(), ctx.ingestedAt(), metadata.toString(), terms, sourceFile,
        ctx.runId());
    out.accept(row);
    emitted++;
    bytes += stored.size();
    report();
  }

  private void report() {
    ctx.progress().update(STAGE + " " + spec.source(), emitted + failed, total, failed,
        bytes);
  }

  private ContentRef store(Path file, String ref) {
    try {
      return ctx.cas().putFile(file);
    } catch (UncheckedIOException e) {
      throw new MediaDecodeException(FailureCodes.IO_ERROR, ref, "cannot copy into the content "
          + "store: " + e.getMessage(), e);
    }
  }

  private byte[] readCapped(Path file, String ref) {
    try {
      long size = Files.size(file);
      if (size > ctx.limits().maxBytes()) {
        throw new MediaDecodeException(FailureCodes.TOO_LARGE, ref, size + " bytes is over "
            + "media.max-bytes=" + ctx.limits().maxBytes());
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MediaDecodeException(FailureCodes.MISSING_FILE, ref, "file not found: " + file);
    } catch (IOException e) {
      throw new MediaDecodeException(FailureCodes.IO_ERROR, ref, "cannot read: " + e, e);
    }
  }

  private static String decodeUtf8(byte[] utf8, String ref) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new MediaDecodeException(FailureCodes.INVALID_UTF8, ref,
          "text is not valid UTF-8 (" + e.getMessage() + ")");
    }
  }

  static String mimeOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "flac" -> "audio/flac";
      case "wav" -> "audio/wav";
      case "mp3" -> "audio/mpeg";
      case "mp4", "m4v" -> "video/mp4";
      case "webm" -> "video/webm";
      case "mkv" -> "video/x-matroska";
      default -> "application/octet-stream";
    };
  }
}
