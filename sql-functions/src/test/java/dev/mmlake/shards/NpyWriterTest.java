package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  @TempDir
  Path tmp;

  @Test
  void headerFollowsTheNpyV1Spec() {
    for (int n : new int[] {0, 1, 3, 512, 768, 100_000}) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = i * 0.5f - 7;
      }
      byte[] b = NpyWriter.bytes(v);
      assertThat(Arrays.copyOf(b, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
      ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      int headerLen = Short.toUnsignedInt(buf.getShort(8));
      int dataStart = 10 + headerLen;
      assertThat(dataStart % 64).isZero();
      String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
      assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n
          + ",), }").endsWith("\n");
      assertThat(header.substring(0, header.length() - 1).stripTrailing())
          .endsWith("}");
      assertThat(b).hasSize(dataStart + 4 * n).hasSize(NpyWriter.byteLength(n));
      for (int i = 0; i < n; i++) {
        assertThat(buf.getFloat(dataStart + 4 * i)).isEqualTo(v[i]);
      }
    }
  }

  @Test
  void twoDimensionalArrays() {
    byte[] b = NpyWriter.bytes(new float[][] {{1, 2, 3}, {4, 5, 6}});
    String header = new String(b, 10, b.length - 10 - 24, StandardCharsets.US_ASCII);
    assertThat(header).contains("'shape': (2, 3), }");
    assertThat((10 + header.length()) % 64).isZero();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(buf.getFloat(b.length - 4)).isEqualTo(6f);
    assertThatThrownBy(() -> NpyWriter.bytes(new float[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has 1");
  }

  @Test
  void numpyLoadsWhatWeWrite() throws Exception {
    float[] v = {0f, -1.5f, 3.25f, Float.MAX_VALUE, Float.MIN_VALUE, 1e-3f, 123456.789f};
    Path one = tmp.resolve("v.npy");
    Path two = tmp.resolve("m.npy");
    Files.write(one, NpyWriter.bytes(v));
    Files.write(two, NpyWriter.bytes(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    String out = Python.script("""
        import sys, numpy as np
        a = np.load(sys.argv[1]); m = np.load(sys.argv[2])
        assert a.dtype == np.float32 and a.shape == (7,), (a.dtype, a.shape)
        assert m.dtype == np.float32 and m.shape == (2, 3), (m.dtype, m.shape)
        print(' '.join(repr(float(x)) for x in a)); print(m.tolist())
        """, "numpy", one.toString(), two.toString());
    String[] lines = out.strip().split("\n");
    String[] values = lines[0].split(" ");
    for (int i = 0; i < v.length; i++) {
      assertThat((float) Double.parseDouble(values[i])).isEqualTo(v[i]);
    }
    assertThat(lines[1]).isEqualTo("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]");
  }
}
