package org.shattered.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The files of a results directory, without Spark: the commit markers, where each committed file
 * is, the files nothing committed, and moving things aside. Layout:
 * <pre>
 * DIR/TABLE/architecture=A/BATCH--NAME.parquet   committed files of each table (ResultSchema.TABLES:
 *                                                tasks, layers, and paths for sweeps with the path decomposition)
 * DIR/_commits/BATCH                             commit marker ({@link CommitMarker})
 * DIR/_staging/BATCH/TABLE/architecture=A/NAME   a batch being written; not read by anyone
 * DIR/_quarantine/RUN/...                        damaged batches and unexpected files, moved aside by a sweep
 * DIR/_runs/RUN.conf                             one per run: command line, build, machine, config (RunRecord)
 * </pre>
 * A data file's committed path is {@code TABLE/PARTITION/BATCH--NAME}; until its batch's commit is
 * finished it may still be at {@code _staging/BATCH/TABLE/PARTITION/NAME} ({@link #locate}).
 */
final class ResultDir {
  static final String SEP = "--";
  static final String COMMITS = "_commits";
  static final String STAGING = "_staging";
  static final String QUARANTINE = "_quarantine";

  final FileSystem fs;
  final Path dir;

  ResultDir(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Opens (without creating) {@code location} with a plain Hadoop configuration. */
  static ResultDir open(Configuration conf, String location) {
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(conf);
      return new ResultDir(fs, fs.makeQualified(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path(String relative) {
    return new Path(dir, relative);
  }

  /** The path of {@code file} (under DIR) relative to DIR. */
  String relative(Path file) {
    String root = dir.toUri().getPath();
    String p = file.toUri().getPath();
    return p.substring(root.length() + 1);
  }

  /** The batch a data file name belongs to, or null for a name shattered did not give. */
  static String batchOf(String fileName) {
    int i = fileName.indexOf(SEP);
    return i > 0 ? fileName.substring(0, i) : null;
  }

  /** Where a committed file waits while its batch's commit is unfinished. */
  Path stagedLocation(String relative) {
    return path(stagedRelative(relative));
  }

  /**
   * Where a committed file waits while its batch's commit is unfinished, relative to DIR:
   * {@code TABLE/PART/BATCH--NAME} waits as {@code _staging/BATCH/TABLE/PART/NAME}.
   */
  static String stagedRelative(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    String batch = batchOf(name);
    return STAGING + "/" + batch + "/" + relative.substring(0, relative.length() - name.length())
        + name.substring(batch.length() + SEP.length());
  }

  /** The committed file's location (its table, or staging if its commit was cut short), or null if absent. */
  Path locate(String relative) throws IOException {
    Path p = path(relative);
    if (fs.exists(p)) {
      return p;
    }
    Path staged = stagedLocation(relative);
    return fs.exists(staged) ? staged : null;
  }

  /** Every readable commit marker, by batch. */
  Map<String, CommitMarker> markers() {
    return readMarkers(new TreeMap<>());
  }

  /**
   * Every readable commit marker, by batch; the markers that cannot be read or parsed go to
   * {@code unreadable} (their path relative to DIR, and why): their batches are not committed.
   */
  private Map<String, CommitMarker> readMarkers(Map<String, String> unreadable) {
    Map<String, CommitMarker> out = new TreeMap<>();
    try {
      Path commits = path(COMMITS);
      if (!fs.exists(commits)) {
        return out;
      }
      for (FileStatus s : fs.listStatus(commits)) {
        String name = s.getPath().getName();
        if (name.startsWith(".") || name.endsWith(".tmp") || !s.isFile()) {
          continue;
        }
        try {
          out.put(name, CommitMarker.parse(name, read(s.getPath())));
        } catch (IOException | RuntimeException e) {
          unreadable.put(COMMITS + "/" + name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the markers commit, with the files they replace taken out. */
  Manifest manifest() {
    Map<String, String> unreadable = new TreeMap<>();
    Map<String, CommitMarker> markers = readMarkers(unreadable);
    Set<String> replaced = new HashSet<>();
    markers.values().forEach(m -> replaced.addAll(m.replaces()));
    Map<String, List<String>> legacy = new HashMap<>();
    try {
      if (markers.values().stream().anyMatch(CommitMarker::legacy)) {
        for (String table : ResultSchema.TABLES) {
          for (Path f : dataFiles(path(table))) {
            String batch = batchOf(f.getName());
            String rel = relative(f);
            if (batch != null && markers.containsKey(batch) && markers.get(batch).legacy() && !replaced.contains(rel)) {
              legacy.computeIfAbsent(batch, b -> new ArrayList<>()).add(rel);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifest(markers, replaced, legacy, unreadable);
  }

  /**
   * The committed view: the markers and the files they commit.
   *
   * @param markers every marker, by batch
   * @param replaced files superseded by a later batch (not part of the view)
   * @param legacyFiles for markers of earlier versions, their batch's files as found in the tables
   * @param unreadable markers that could not be read (path relative to DIR -> why); their batches
   *     count as not committed, so their files are unexpected
   */
  record Manifest(Map<String, CommitMarker> markers, Set<String> replaced, Map<String, List<String>> legacyFiles,
      Map<String, String> unreadable) {

    /** A committed file; {@code entry} is null for a batch of an earlier version (nothing recorded). */
    record File(String batch, String path, CommitMarker.Entry entry) {
      String table() {
        return path.substring(0, path.indexOf('/'));
      }
    }

    List<File> files() {
      List<File> out = new ArrayList<>();
      for (CommitMarker m : markers.values()) {
        if (m.legacy()) {
          legacyFiles.getOrDefault(m.batch(), List.of()).forEach(p -> out.add(new File(m.batch(), p, null)));
        } else {
          m.files().stream().filter(e -> !replaced.contains(e.path()))
              .forEach(e -> out.add(new File(m.batch(), e.path(), e)));
        }
      }
      return out;
    }

    List<File> files(String table) {
      return files().stream().filter(f -> f.table().equals(table)).toList();
    }

    /**
     * The batches that must be dropped together with {@code damaged}: a batch that replaced a file of
     * another (the rewrite of {@code --retry-failed}) holds tasks whose layers are in the other, so the
     * two stand or fall together.
     */
    Set<String> withDependents(Collection<String> damaged) {
      Map<String, Set<String>> linked = new HashMap<>();
      for (CommitMarker m : markers.values()) {
        for (String r : m.replaces()) {
          String other = batchOf(new Path(r).getName());
          if (other != null) {
            linked.computeIfAbsent(m.batch(), b -> new HashSet<>()).add(other);
            linked.computeIfAbsent(other, b -> new HashSet<>()).add(m.batch());
          }
        }
      }
      Set<String> out = new LinkedHashSet<>();
      List<String> todo = new ArrayList<>(damaged);
      while (!todo.isEmpty()) {
        String b = todo.remove(todo.size() - 1);
        if (out.add(b)) {
          todo.addAll(linked.getOrDefault(b, Set.of()));
        }
      }
      return out;
    }
  }

  /** Data files under {@code root}: every regular file whose name does not start with "_" or ".". */
  List<Path> dataFiles(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(root)) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        out.addAll(dataFiles(s.getPath()));
      } else {
        out.add(s.getPath());
      }
    }
    return out;
  }

  /** Files in the tables that no marker commits (relative to DIR). */
  List<String> unexpected(Manifest m) throws IOException {
    Set<String> expected = new HashSet<>();
    m.files().forEach(f -> expected.add(f.path()));
    List<String> out = new ArrayList<>();
    for (String table : ResultSchema.TABLES) {
      for (Path f : dataFiles(path(table))) {
        String rel = relative(f);
        if (!expected.contains(rel)) {
          out.add(rel);
        }
      }
    }
    return out;
  }

  /** Describes a file as a marker records it: its size, rows (Parquet footer) and CRC32C. */
  CommitMarker.Entry describe(Path file, String relative) throws IOException {
    long bytes = fs.getFileStatus(file).getLen();
    return new CommitMarker.Entry(relative, bytes, rows(file), crc32c(file));
  }

  /** The row count in a Parquet file's footer. */
  long rows(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
      return r.getRecordCount();
    }
  }

  String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return String.format("%08x", crc.getValue());
  }

  /**
   * Moves a batch aside into {@code DIR/_quarantine/RUN/}: its marker first (from then on the batch
   * is not committed, so nothing reads it), then its files, wherever they are.
   */
  void quarantineBatch(String run, String batch, Manifest m) throws IOException {
    CommitMarker marker = m.markers().get(batch);
    moveAside(run, path(COMMITS + "/" + batch));
    List<String> files = new ArrayList<>();
    if (marker.legacy()) {
      files.addAll(m.legacyFiles().getOrDefault(batch, List.of()));
    } else {
      marker.files().stream().map(CommitMarker.Entry::path).filter(p -> !m.replaced().contains(p)).forEach(files::add);
    }
    for (String f : files) {
      Path at = locate(f);
      if (at != null) {
        moveAside(run, at);
      }
    }
  }

  /** Moves one file (a path under DIR) to the same relative path under {@code DIR/_quarantine/RUN/}. */
  void moveAside(String run, Path file) throws IOException {
    Path target = new Path(new Path(path(QUARANTINE), run), relative(file));
    fs.mkdirs(target.getParent());
    if (!fs.rename(file, target)) {
      throw new IOException("could not move " + file + " to " + target);
    }
  }

  String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code text} to a hidden temporary file and renames it to {@code target}. */
  void writeAtomically(Path target, String text) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    fs.mkdirs(target.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not write " + target);
    }
  }
}
