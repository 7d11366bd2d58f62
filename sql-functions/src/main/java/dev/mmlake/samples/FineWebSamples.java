package dev.mmlake.samples;

import dev.mmlake.samples.SampleManifest.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * FineWeb-Edu parquet in the dataset's own layout ({@code data/<dump>/000_0000N.parquet}) with its
 * ten columns. Plants empty texts, an exact duplicate pair, a near-duplicate triple, a non-ASCII
 * document and one document whose bytes are not UTF-8.
 */
final class FineWebSamples {
  static final String SOURCE = "fineweb_edu";
  static final String DUMP = "CC-MAIN-2024-10";
  static final int FILES = 2;
  static final int ROWS_PER_FILE = 80;
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message fineweb_edu {
        optional binary text (STRING);
        optional binary id (STRING);
        optional binary dump (STRING);
        optional binary url (STRING);
        optional binary file_path (STRING);
        optional binary language (STRING);
        optional double language_score;
        optional int64 token_count;
        optional double score;
        optional int64 int_score;
      }""");

  private FineWebSamples() {
  }

  /** Writes the parquet files under {@code root/fineweb}; returns the number of rows. */
  static int write(Path root, long seed, SampleManifest m) throws IOException {
    Random r = new Random(seed);
    Path dir = Files.createDirectories(root.resolve("fineweb/data/" + DUMP));
    int total = FILES * ROWS_PER_FILE;
    List<String> ids = new ArrayList<>();
    List<byte[]> texts = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      ids.add("<urn:uuid:" + new UUID(r.nextLong(), r.nextLong()) + ">");
      texts.add(SampleTexts.document(r).getBytes(StandardCharsets.UTF_8));
    }
    texts.set(5, new byte[0]);
    texts.set(17, " \n ".getBytes(StandardCharsets.UTF_8));
    m.emptyText(new Item(SOURCE, ids.get(5)));
    m.emptyText(new Item(SOURCE, ids.get(17)));

    texts.set(97, texts.get(9).clone());
    m.exactDuplicates("the same FineWeb document under two ids",
        List.of(new Item(SOURCE, ids.get(9)), new Item(SOURCE, ids.get(97))));

    String base = new String(texts.get(20), StandardCharsets.UTF_8);
    String firstWord = base.substring(0, base.indexOf(' '));
    texts.set(21, base.replaceFirst(" and it ", " and so it ").getBytes(StandardCharsets.UTF_8));
    texts.set(22, (base.replace(firstWord, firstWord.toUpperCase(Locale.ROOT))
        + " Review questions follow.").getBytes(StandardCharsets.UTF_8));
    m.nearDuplicates("text", "one document, a copy with one phrase edited, a copy with a changed "
        + "first word and one sentence added", List.of(new Item(SOURCE, ids.get(20)),
        new Item(SOURCE, ids.get(21)), new Item(SOURCE, ids.get(22))));

    texts.set(30, ("Ein Café in München — 東京の教室で学ぶ光合成。 Über die Photosynthese lernen "
        + "Schülerinnen und Schüler, wie Pflanzen Energie speichern.")
        .getBytes(StandardCharsets.UTF_8));
    m.nonAscii(new Item(SOURCE, ids.get(30)));

    byte[] good = "The broken byte follows: ".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[good.length + 3];
    System.arraycopy(good, 0, bad, 0, good.length);
    bad[good.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
    bad[good.length + 1] = (byte) 0x28;
    bad[good.length + 2] = (byte) 0xFF;
    texts.set(45, bad);
    m.defect(SOURCE, ids.get(45), "invalid_utf8", "text bytes are not valid UTF-8");

    for (int f = 0; f < FILES; f++) {
      writeFile(dir.resolve(String.format("000_%05d.parquet", f)), r, ids, texts,
          f * ROWS_PER_FILE, ROWS_PER_FILE);
    }
    m.source(SOURCE, "read_fineweb", List.of("fineweb/data"), total, 1);
    return total;
  }

  private static void writeFile(Path file, Random r, List<String> ids, List<byte[]> texts,
      int from, int count) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (int i = from; i < from + count; i++) {
        double score = 2.5 + r.nextDouble() * 2.2;
        Group g = groups.newGroup()
            .append("text", Binary.fromConstantByteArray(texts.get(i)))
            .append("id", ids.get(i))
            .append("dump", DUMP)
            .append("url", "https://learn.example.org/lessons/" + i)
            .append("file_path", "s3://commoncrawl/crawl-data/" + DUMP + "/segments/1707947473"
                + String.format("%03d", i % 1000) + ".11/warc/CC-MAIN-20240220-" + i + ".warc.gz")
            .append("language", "en")
            .append("language_score", 0.9 + r.nextDouble() * 0.1)
            .append("token_count", (long) (texts.get(i).length / 4.3))
            .append("score", score)
            .append("int_score", Math.round(score));
        w.write(g);
      }
    }
  }
}
