package dev.mmlake.engine.iceberg.columnar;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopCodecs;

/**
 * The page decompressors of one Parquet file read. ZSTD pages, what Iceberg writes by default,
 * are decompressed in one call into an array of the page's size with a decompression context
 * kept for the whole file; Parquet's own ZSTD path opens a streaming decoder for every page and
 * copies the output through its buffers, which cost more than decoding the page's values. Every
 * other codec is Parquet's own. Not thread-safe: one instance per file reader, which releases it.
 */
final class PageDecompressors implements CompressionCodecFactory {
  private final ParquetConfiguration conf;
  private CompressionCodecFactory parquets;
  private ZstdPages zstd;

  PageDecompressors(ParquetConfiguration conf) {
    this.conf = conf;
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (codec == CompressionCodecName.ZSTD) {
      if (zstd == null) {
        zstd = new ZstdPages();
      }
      return zstd;
    }
    return parquets().getDecompressor(codec);
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return parquets().getCompressor(codec);
  }

  private CompressionCodecFactory parquets() {
    if (parquets == null) {
      parquets = HadoopCodecs.newFactory(conf, 0);
    }
    return parquets;
  }

  @Override
  public void release() {
    if (zstd != null) {
      zstd.release();
      zstd = null;
    }
    if (parquets != null) {
      parquets.release();
      parquets = null;
    }
  }

  /** One-call ZSTD decompression of whole pages with a reused context. */
  private static final class ZstdPages implements BytesInputDecompressor {
    private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      byte[] out = new byte[uncompressedSize];
      int n;
      try {
        if (in.hasArray()) {
          n = ctx.decompressByteArray(out, 0, uncompressedSize, in.array(),
              in.arrayOffset() + in.position(), in.remaining());
        } else if (in.isDirect()) {
          n = ctx.decompressDirectByteBufferToByteArray(out, 0, uncompressedSize, in,
              in.position(), in.remaining());
        } else {
          byte[] copy = new byte[in.remaining()];
          in.duplicate().get(copy);
          n = ctx.decompressByteArray(out, 0, uncompressedSize, copy, 0, copy.length);
        }
      } catch (ZstdException e) {
        throw new IOException("A ZSTD page of " + in.remaining() + " bytes does not decompress ("
            + e.getMessage() + "); the file is corrupt or was cut short", e);
      }
      if (n != uncompressedSize) {
        throw new IOException("A ZSTD page decompressed to " + n + " bytes where its header says "
            + uncompressedSize + "; the file is corrupt");
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output,
        int uncompressedSize) throws IOException {
      byte[] out = decompress(BytesInput.from(input.slice().limit(compressedSize)),
          uncompressedSize).toByteArray();
      output.put(out, 0, uncompressedSize); // as Parquet's heap decompressor: not flipped
    }

    @Override
    public void release() {
      ctx.close();
    }
  }
}
