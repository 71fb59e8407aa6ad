package org.shattered.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The commit marker of a batch, {@code DIR/_commits/BATCH}: what the batch wrote (each file with its
 * size, row count and CRC32C, paths relative to DIR) and the files of earlier batches it replaces.
 * Writing it is the batch's commit: readers read exactly the files the markers list, and
 * {@link ResultCheck} compares the files with it. Text, one entry a line, tab-separated:
 * <pre>
 * shattered-commit 2
 * file      tasks/architecture=A/BATCH--part-00000.snappy.parquet  BYTES  ROWS  CRC32C
 * replaces  tasks/architecture=A/OLDBATCH--part-00003.snappy.parquet
 * </pre>
 * A marker written by an earlier version has no header: each line names a replaced file, and the
 * batch's files are those named {@code BATCH--*} in the tables ({@link #legacy} true, files empty).
 *
 * @param batch the batch id (the marker's file name)
 * @param legacy written by an earlier version: no list of files, so no sizes, rows or checksums
 * @param files what the batch wrote
 * @param replaces files of earlier batches this batch supersedes (they are deleted after the marker)
 */
record CommitMarker(String batch, boolean legacy, List<Entry> files, List<String> replaces) {

  static final String HEADER = "shattered-commit 2";

  /**
   * One committed file.
   *
   * @param path relative to DIR, starting with the table's name
   * @param bytes its size
   * @param rows its row count (from its Parquet footer when committed)
   * @param crc32c CRC32C of its bytes, 8 hex digits
   */
  record Entry(String path, long bytes, long rows, String crc32c) {

    /** The table the file belongs to: the first segment of its path. */
    String table() {
      return path.substring(0, path.indexOf('/'));
    }
  }

  String format() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Entry e : files) {
      sb.append("file\t").append(e.path()).append('\t').append(e.bytes()).append('\t').append(e.rows())
          .append('\t').append(e.crc32c()).append('\n');
    }
    for (String r : replaces) {
      sb.append("replaces\t").append(r).append('\n');
    }
    return sb.toString();
  }

  /** Parses a marker's text; a line it does not understand is an {@link IllegalArgumentException}. */
  static CommitMarker parse(String batch, String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    List<Entry> files = new ArrayList<>();
    List<String> replaces = new ArrayList<>();
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      lines.forEach(l -> replaces.add(l.trim()));
      return new CommitMarker(batch, true, List.of(), List.copyOf(replaces));
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      if (f[0].equals("file") && f.length == 5) {
        files.add(new Entry(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
      } else if (f[0].equals("replaces") && f.length == 2) {
        replaces.add(f[1]);
      } else {
        throw new IllegalArgumentException("commit marker " + batch + ": unreadable line '" + line + "'");
      }
    }
    return new CommitMarker(batch, false, List.copyOf(files), List.copyOf(replaces));
  }
}
