package org.shattered.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files (gzip) for tests: well-formed, or damaged on purpose. */
public final class IdxFiles {
  private IdxFiles() {}

  /** The IDX bytes of unsigned-byte values with these dims, before compression. */
  public static byte[] idx(int magic, int[] dims, byte[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, magic);
    for (int d : dims) {
      writeInt(out, d);
    }
    out.writeBytes(values);
    return out.toByteArray();
  }

  public static void gzip(Path file, byte[] raw) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(raw);
    }
  }

  /** A folder with both splits: {@code train} and {@code test} images of rows x cols pixels, labels i % 10. */
  public static Path dataset(Path dir, int train, int test, int rows, int cols) throws IOException {
    split(dir, "train", train, rows, cols, 1);
    split(dir, "t10k", test, rows, cols, 7);
    return dir;
  }

  public static void split(Path dir, String prefix, int count, int rows, int cols, int salt) throws IOException {
    byte[] px = new byte[count * rows * cols];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) ((i * 31 + salt * 17) % 256);
    }
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), idx(0x803, new int[] {count, rows, cols}, px));
    gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(0x801, new int[] {count}, labels));
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
