package org.shattered.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shattered.spec.SpecException;

/**
 * The committed files of a results directory, table by table, found without Spark: what
 * {@link ResultStore#read} reads (the files the commit markers list, without those a later batch
 * replaced; a file of a commit a crash cut short where it waits, in staging), for readers that are
 * not Spark ({@code shattered sql}'s embedded engine). Refuses, like {@link ResultStore#requireIntact},
 * a directory whose committed files are missing or truncated, so no reader sees half a batch.
 */
public final class CommittedFiles {
  private CommittedFiles() {
  }

  /**
   * @param option the option that named the directory, for the refusal
   * @return table -> absolute paths of its committed files (tables without files are absent)
   */
  public static Map<String, List<String>> of(String location, String option) {
    ResultDir d = ResultDir.open(new Configuration(), location);
    ResultDir.Manifest m = d.manifest();
    requireIntact(d, m, option);
    Map<String, List<String>> out = new LinkedHashMap<>();
    try {
      for (String table : ResultSchema.TABLES) {
        for (ResultDir.Manifest.File f : m.files(table)) {
          Path at = d.locate(f.path());
          Path in = at == null ? d.path(f.path()) : at;
          out.computeIfAbsent(table, t -> new ArrayList<>()).add(in.toUri().getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The committed files of a local directory read with java.nio alone (no Hadoop, whose start costs
   * seconds): the same list as {@link #of}, or empty when anything needs its full checks (a marker
   * that cannot be read or has no file list, a file missing or of another size than recorded): then
   * call {@link #of}, which refuses damage with its one line.
   */
  public static java.util.Optional<Map<String, List<String>>> local(java.nio.file.Path dir) {
    java.nio.file.Path commits = dir.resolve(ResultDir.COMMITS);
    List<CommitMarker> markers = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(commits)) {
      for (java.nio.file.Path p : list.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || !java.nio.file.Files.isRegularFile(p)) {
          continue;
        }
        CommitMarker m = CommitMarker.parse(name, java.nio.file.Files.readString(p));
        if (m.legacy()) {
          return java.util.Optional.empty();
        }
        markers.add(m);
      }
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
    java.util.Set<String> replaced = new java.util.HashSet<>();
    markers.forEach(m -> replaced.addAll(m.replaces()));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table : ResultSchema.TABLES) {
      for (CommitMarker m : markers) {
        for (CommitMarker.Entry e : m.files()) {
          if (!e.table().equals(table) || replaced.contains(e.path())) {
            continue;
          }
          java.nio.file.Path at = dir.resolve(e.path());
          if (!java.nio.file.Files.isRegularFile(at)) {
            at = dir.resolve(ResultDir.stagedRelative(e.path()));
          }
          try {
            if (java.nio.file.Files.size(at) != e.bytes()) {
              return java.util.Optional.empty();
            }
          } catch (IOException missing) {
            return java.util.Optional.empty();
          }
          out.computeIfAbsent(table, t -> new ArrayList<>()).add(at.toAbsolutePath().toString());
        }
      }
    }
    return java.util.Optional.of(out);
  }

  /**
   * Checks, by size alone (no data file is read), that every committed file is there as recorded,
   * and refuses damaged results with one line naming {@code option}. Unexpected files are not read, so
   * they pass.
   */
  static void requireIntact(ResultDir d, ResultDir.Manifest m, String option) {
    List<ResultCheck.Damage> lost = ResultCheck.check(d, m, ResultCheck.Depth.SIZES).damage().stream()
        .filter(x -> !x.kind().equals("unexpected")).toList();
    if (!lost.isEmpty()) {
      throw new SpecException(option, "results directory " + d.dir + " is damaged (" + lost.size() + " file"
          + (lost.size() == 1 ? "" : "s") + ", e.g. " + lost.get(0).line() + "); allowed: intact results ('shattered "
          + "verify --results DIR' lists the damage, rerunning the sweep repairs it)");
    }
  }
}
