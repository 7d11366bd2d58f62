package dev.mmlake.engine.iceberg.columnar;

import java.io.IOException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** An Iceberg {@code InputFile} as Parquet-MR's {@link InputFile}. */
final class IcebergParquetInput implements InputFile {
  // qualified: Iceberg and Parquet both name their file type InputFile
  private final org.apache.iceberg.io.InputFile file;

  // qualified: Iceberg and Parquet both name their file type InputFile
  IcebergParquetInput(org.apache.iceberg.io.InputFile file) {
    this.file = file;
  }

  @Override
  public long getLength() {
    return file.getLength();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    // qualified: Iceberg and Parquet both name their stream type SeekableInputStream
    org.apache.iceberg.io.SeekableInputStream in = file.newStream();
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return file.location();
  }
}
