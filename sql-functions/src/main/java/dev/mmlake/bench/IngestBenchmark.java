package dev.mmlake.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.connectors.CocoConnector;
import dev.mmlake.connectors.FineWebConnector;
import dev.mmlake.connectors.IngestContext;
import dev.mmlake.connectors.Json;
import dev.mmlake.connectors.Licenses;
import dev.mmlake.connectors.SourceConnector;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.samples.SampleImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Ingest throughput into CAS (read + decode check + hash + fsynced store + row) for images
 * (read_coco) and texts (read_fineweb), against a plain {@link Files#copy} of the same bytes as
 * files, measured in the same run. Usage: {@code IngestBenchmark <dir> [images] [texts]}; the
 * folder must be new or empty and is left with the generated inputs and outputs.
 */
public final class IngestBenchmark {
  private static final MessageType TEXT_SCHEMA = MessageTypeParser.parseMessageType(
      "message t { optional binary text (STRING); optional binary id (STRING); }");

  private IngestBenchmark() {
  }

  record Result(String what, int items, long bytes, double seconds) {
    double itemsPerSecond() {
      return items / seconds;
    }

    double mbPerSecond() {
      return bytes / 1e6 / seconds;
    }

    @Override
    public String toString() {
      return String.format("%-24s %6d items %8.2f MB %7.2f s %9.1f items/s %8.2f MB/s", what,
          items, bytes / 1e6, seconds, itemsPerSecond(), mbPerSecond());
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println("Usage: IngestBenchmark <dir> [images=300] [texts=3000]");
      System.exit(args.length < 1 ? 1 : 0);
    }
    Path dir = Path.of(args[0]);
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int texts = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    Files.createDirectories(dir);
    try (var s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        System.err.println("error: " + dir + " is not empty");
        System.exit(1);
      }
    }
    System.out.printf("Generating %d images and %d texts under %s%n", images, texts, dir);
    List<Path> imageFiles = writeImages(dir.resolve("src/coco"), images);
    List<Path> textFiles = writeTexts(dir.resolve("src/fineweb"), texts);
    Path json = dir.resolve("src/coco/captions.json");
    Path parquet = dir.resolve("src/fineweb/texts.parquet");

    // Warm-up (JIT, native libraries) on a small share of the inputs.
    copy(imageFiles.subList(0, Math.min(20, images)), dir.resolve("warm/copy"), "warm");
    ingest(new CocoConnector(json, dir.resolve("src/coco/images")), dir.resolve("warm/cas"),
        "warm");

    List<Result> results = new ArrayList<>();
    results.add(copy(imageFiles, dir.resolve("out/copy-images"), "images: Files.copy"));
    results.add(ingest(new CocoConnector(json, dir.resolve("src/coco/images")),
        dir.resolve("out/cas-images"), "images: read_coco -> CAS"));
    results.add(copy(textFiles, dir.resolve("out/copy-texts"), "texts: Files.copy"));
    results.add(ingest(new FineWebConnector(parquet), dir.resolve("out/cas-texts"),
        "texts: read_fineweb -> CAS"));
    results.forEach(System.out::println);
    System.out.printf("ratio ingest/copy (items/s): images %.2f, texts %.2f%n",
        results.get(1).itemsPerSecond() / results.get(0).itemsPerSecond(),
        results.get(3).itemsPerSecond() / results.get(2).itemsPerSecond());
  }

  private static Result copy(List<Path> files, Path target, String what) throws IOException {
    Files.createDirectories(target);
    long start = System.nanoTime();
    long bytes = 0;
    for (Path f : files) {
      Files.copy(f, target.resolve(f.getFileName()));
      bytes += Files.size(f);
    }
    return new Result(what, files.size(), bytes, (System.nanoTime() - start) / 1e9);
  }

  private static Result ingest(SourceConnector connector, Path casDir, String what) {
    IngestContext ctx = new IngestContext(new ContentStore(casDir), Licenses.load(),
        new FailureLog(), null, MediaLimits.DEFAULTS);
    long start = System.nanoTime();
    long[] counts = new long[2];
    connector.read(ctx, row -> {
      counts[0]++;
      counts[1] += row.sizeBytes();
    });
    ctx.cas().sync(); // what a commit does before rows become visible: part of the cost
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ctx.failures().size() > 0) {
      throw new IllegalStateException("benchmark input failed to ingest: "
          + ctx.failures().events().get(0));
    }
    return new Result(what, (int) counts[0], counts[1], seconds);
  }

  private static List<Path> writeImages(Path dir, int n) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    ObjectNode json = Json.object();
    ArrayNode list = json.putArray("images");
    ArrayNode annotations = json.putArray("annotations");
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = images.resolve(String.format("%012d.jpg", i));
      Files.write(f, SampleImages.jpeg(SampleImages.scene(640, 480, 7_000L + i), 0.9f));
      files.add(f);
      list.addObject().put("id", i).put("file_name", f.getFileName().toString())
          .put("width", 640).put("height", 480);
      annotations.addObject().put("id", i).put("image_id", i).put("caption", "image " + i);
    }
    Json.MAPPER.writeValue(dir.resolve("captions.json").toFile(), json);
    return files;
  }

  private static List<Path> writeTexts(Path dir, int n) throws IOException {
    Path textDir = Files.createDirectories(dir.resolve("texts"));
    Random r = new Random(11);
    List<Path> files = new ArrayList<>();
    SimpleGroupFactory groups = new SimpleGroupFactory(TEXT_SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(
            new LocalOutputFile(dir.resolve("texts.parquet")))
        .withType(TEXT_SCHEMA).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 300 + r.nextInt(600); k++) {
          sb.append((char) ('a' + r.nextInt(26))).append(k % 7 == 0 ? " " : "");
        }
        String text = "document " + i + ": " + sb;
        Path f = textDir.resolve(i + ".txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        files.add(f);
        w.write(groups.newGroup().append("text", text).append("id", "doc-" + i));
      }
    }
    return files;
  }
}
