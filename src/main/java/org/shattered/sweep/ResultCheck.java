package org.shattered.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shattered.spec.SpecException;

/**
 * Checks the committed files of a results directory against their commit markers and finds the
 * files no marker commits. {@link Depth#SIZES} only compares sizes (what readers do before they read),
 * {@link Depth#FOOTERS} also reads each Parquet footer and compares its row count (what a sweep does
 * before it skips tasks), {@link Depth#CHECKSUMS} also compares the CRC32C of every byte (the only
 * one that sees a flipped bit inside a data page). Batches written by earlier versions have no
 * recorded sizes, rows or checksums: their files are checked by their footer alone.
 */
public final class ResultCheck {

  /** How deep to look. */
  public enum Depth { SIZES, FOOTERS, CHECKSUMS }

  /**
   * One problem: a file that is {@code missing}, {@code truncated}, {@code resized}, {@code unreadable}
   * (no valid Parquet footer), has other {@code rows} or another {@code checksum} than its batch
   * recorded, or is {@code unexpected} (in a table, but committed by no batch).
   *
   * @param kind one of the words above
   * @param path the file, relative to the results directory
   * @param batch the batch that committed it (null for an unexpected file)
   * @param detail what was found against what was recorded
   */
  public record Damage(String kind, String path, String batch, String detail) {
    /** One line: {@code KIND PATH (batch B): DETAIL}. */
    public String line() {
      return kind + " " + path + (batch == null ? "" : " (batch " + batch + ")") + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /**
   * What was checked and what was found.
   *
   * @param batches committed batches
   * @param files committed files checked
   * @param rows rows recorded in the checked files' markers (or footers, for earlier versions' batches)
   * @param damage one entry per problem
   */
  public record Result(int batches, int files, long rows, List<Damage> damage) {
    public boolean clean() {
      return damage.isEmpty();
    }
  }

  private ResultCheck() {
  }

  /**
   * Checks the results directory {@code location} without Spark and without writing anything.
   * Refuses (with a {@link SpecException} naming {@code --results}) a directory no sweep wrote.
   */
  public static Result verify(String location, Depth depth) {
    ResultDir d = ResultDir.open(new Configuration(), location);
    try {
      if (!d.fs.exists(SweepIdentity.path(d.dir))) {
        throw SpecException.badValue("--results", location, "a results directory written by 'shattered sweep'"
            + " (there is no " + SweepIdentity.FILE + " there)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return check(d, d.manifest(), depth);
  }

  static Result check(ResultDir d, ResultDir.Manifest m, Depth depth) {
    try {
      List<Damage> damage = new ArrayList<>();
      long rows = 0;
      List<ResultDir.Manifest.File> files = m.files();
      for (ResultDir.Manifest.File f : files) {
        CommitMarker.Entry e = f.entry();
        rows += e == null ? 0 : e.rows();
        Path at = d.locate(f.path());
        if (at == null) {
          damage.add(new Damage("missing", f.path(), f.batch(), e == null ? "" : "recorded: " + e.bytes() + " bytes, rows "
              + e.rows()));
          continue;
        }
        long size = d.fs.getFileStatus(at).getLen();
        if (e != null && size != e.bytes()) {
          damage.add(new Damage(size < e.bytes() ? "truncated" : "resized", f.path(), f.batch(),
              size + " bytes, recorded " + e.bytes()));
          continue;
        }
        if (depth == Depth.SIZES && e != null) {
          continue;
        }
        long found;
        try {
          found = d.rows(at);
        } catch (IOException | RuntimeException ex) {
          damage.add(new Damage("unreadable", f.path(), f.batch(), "no valid Parquet footer ("
              + String.valueOf(ex.getMessage()).lines().findFirst().orElse("") + ")"));
          continue;
        }
        if (e == null) {
          rows += found;
          continue;
        }
        if (found != e.rows()) {
          damage.add(new Damage("rows", f.path(), f.batch(), "rows " + found + " in its footer, recorded " + e.rows()));
          continue;
        }
        if (depth == Depth.CHECKSUMS) {
          String crc;
          try {
            crc = d.crc32c(at);
          } catch (IOException ex) {
            damage.add(new Damage("unreadable", f.path(), f.batch(), String.valueOf(ex.getMessage())));
            continue;
          }
          if (!crc.equals(e.crc32c())) {
            damage.add(new Damage("checksum", f.path(), f.batch(), "CRC32C " + crc + ", recorded " + e.crc32c()));
          }
        }
      }
      m.unreadable().forEach((marker, why) -> damage.add(new Damage("unreadable", marker, null,
          "a commit marker that cannot be read (" + why + "); its batch's files count as unexpected")));
      for (String u : d.unexpected(m)) {
        damage.add(new Damage("unexpected", u, null, "committed by no batch"));
      }
      return new Result(m.markers().size(), files.size(), rows, List.copyOf(damage));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
