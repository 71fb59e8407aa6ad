package org.shattered.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file of unsigned bytes (LeCun's MNIST format), gzip-compressed: a big-endian header
 * (magic 0x00000800 | rank, then one 32-bit size per dimension) and the values. Reading checks the
 * magic number, the rank, that the sizes are positive and that exactly size_0 x ... x size_{r-1}
 * bytes follow, so a truncated or padded file is refused rather than read short.
 *
 * @param dims the sizes, first the number of items
 * @param values the unsigned bytes, item-major
 *
 * <p>Equality is identity (the record's own equals on its arrays): a file's contents, read once and never compared.
 */
public record IdxFile(int[] dims, byte[] values) {
  /** The type code of unsigned bytes, the third byte of the magic number. */
  static final int UNSIGNED_BYTE = 0x08;

  /** The number of items (the first dimension). */
  public int count() {
    return dims[0];
  }

  /** The values per item (the product of the other dimensions). */
  public int itemSize() {
    int s = 1;
    for (int i = 1; i < dims.length; i++) {
      s *= dims[i];
    }
    return s;
  }

  /**
   * Reads {@code file} (gzip), expecting {@code rank} dimensions of unsigned bytes.
   *
   * @throws org.shattered.spec.SpecException naming the file and what is wrong with it
   */
  public static IdxFile read(Path file, int rank) {
    byte[] all;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      all = readAll(in);
    } catch (NoSuchFileException e) {
      throw DataProblem.of(file, "missing");
    } catch (IOException e) {
      throw DataProblem.of(file, "unreadable gzip (" + e.getMessage() + ")");
    }
    return parse(file, all, rank);
  }

  /** Parses the decompressed bytes of {@code file} (named in errors). */
  static IdxFile parse(Path file, byte[] all, int rank) {
    int header = 4 + 4 * rank;
    if (all.length < header) {
      throw DataProblem.of(file, "truncated header (" + all.length + " bytes)");
    }
    int magic = readInt(all, 0);
    int expected = (UNSIGNED_BYTE << 8) | rank;
    if (magic != expected) {
      throw DataProblem.of(file, String.format("magic number 0x%08x, expected 0x%08x", magic, expected));
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = readInt(all, 4 + 4 * i);
      if (dims[i] <= 0) {
        throw DataProblem.of(file, "dimension " + i + " is " + dims[i]);
      }
      size *= dims[i];
    }
    if (all.length - header != size) {
      throw DataProblem.of(file, (all.length - header < size ? "truncated: " : "too long: ") + (all.length - header)
          + " value bytes, header says " + size);
    }
    byte[] values = new byte[(int) size];
    System.arraycopy(all, header, values, 0, values.length);
    return new IdxFile(dims, values);
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    in.transferTo(out);
    return out.toByteArray();
  }
}
