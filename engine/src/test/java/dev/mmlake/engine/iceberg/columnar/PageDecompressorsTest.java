package dev.mmlake.engine.iceberg.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** ZSTD pages in one call; corrupt or mis-sized pages are errors that say so. */
class PageDecompressorsTest {
  private final PageDecompressors codecs =
      new PageDecompressors(new HadoopParquetConfiguration(new Configuration()));

  @Test
  void decompressesZstdPagesAgainAndAgainWithOneContext() throws IOException {
    BytesInputDecompressor zstd = codecs.getDecompressor(CompressionCodecName.ZSTD);
    for (int page = 0; page < 3; page++) {
      byte[] data = ("page " + page + " ").repeat(1000).getBytes(StandardCharsets.UTF_8);
      byte[] packed = Zstd.compress(data);
      // a slice of a bigger buffer, as Parquet hands pages out of a column chunk
      byte[] chunk = new byte[packed.length + 10];
      System.arraycopy(packed, 0, chunk, 7, packed.length);
      BytesInput in = BytesInput.from(ByteBuffer.wrap(chunk, 7, packed.length).slice());
      assertThat(zstd.decompress(in, data.length).toByteArray()).isEqualTo(data);
    }
    codecs.release();
  }

  @Test
  void corruptAndMisSizedPagesAreIoErrors() {
    BytesInputDecompressor zstd = codecs.getDecompressor(CompressionCodecName.ZSTD);
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 7);
    assertThatThrownBy(() -> zstd.decompress(BytesInput.from(garbage), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("does not decompress");
    byte[] packed = Zstd.compress(new byte[50]);
    assertThatThrownBy(() -> zstd.decompress(BytesInput.from(packed), 80))
        .isInstanceOf(IOException.class).hasMessageContaining("header says 80");
    codecs.release();
  }

  @Test
  void otherCodecsAreParquetsOwn() throws IOException {
    BytesInputDecompressor none = codecs.getDecompressor(CompressionCodecName.UNCOMPRESSED);
    byte[] data = {1, 2, 3};
    assertThat(none.decompress(BytesInput.from(data), 3).toByteArray()).isEqualTo(data);
    codecs.release();
  }
}
