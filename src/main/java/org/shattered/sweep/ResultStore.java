package org.shattered.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.shattered.spec.SpecException;

/**
 * A results directory and its commit protocol. Layout:
 * <pre>
 * DIR/_sweep.properties              name and measurement settings of the sweep that owns DIR
 * DIR/tasks/architecture=A/BATCH--part-*.parquet
 * DIR/layers/architecture=A/BATCH--part-*.parquet
 * DIR/paths/architecture=A/BATCH--part-*.parquet   (sweeps with the path decomposition)
 * DIR/_commits/BATCH                 written last: the batch is committed
 * DIR/_staging/BATCH/...             Spark writes a batch here first
 * </pre>
 * A batch is written to staging, its files are renamed into the tables, then its commit marker is
 * written. {@link #recover()} deletes the files of any batch without a marker (a driver killed mid
 * commit), so a task is never present twice. A marker may list files it replaces (the rewrite that
 * drops failed rows); recovery finishes deleting those. Spark and readers ignore names starting
 * with "_".
 */
public final class ResultStore {
  private static final String SEP = "--";

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path dir;

  private ResultStore(SparkSession spark, FileSystem fs, Path dir) {
    this.spark = spark;
    this.fs = fs;
    this.dir = dir;
  }

  /** Opens (without creating) the results directory {@code location}. */
  public static ResultStore open(SparkSession spark, String location) {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(conf);
      return new ResultStore(spark, fs, fs.makeQualified(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory {@code location} on {@code fs} (tests: a file system that fails on purpose). */
  static ResultStore open(SparkSession spark, FileSystem fs, String location) {
    return new ResultStore(spark, fs, fs.makeQualified(new Path(location)));
  }

  public Path dir() {
    return dir;
  }

  public String tasksPath() {
    return new Path(dir, "tasks").toString();
  }

  public String layersPath() {
    return new Path(dir, "layers").toString();
  }

  public String pathsPath() {
    return new Path(dir, "paths").toString();
  }

  /** Every table a batch may write, in the order their files are published. */
  static final List<String> TABLES = List.of("tasks", "layers", "paths");

  /**
   * Makes sure DIR belongs to this sweep: creates it with the sweep's identity, or checks that the
   * identity it holds is the same. Refuses (as bad input, nothing written) a directory of another
   * sweep, with other measurement settings, or with foreign content.
   */
  public void claim(String sweepName, String settings) {
    Path id = new Path(dir, "_sweep.properties");
    String wanted = "name=" + sweepName + "\nsettings=" + settings + "\n";
    try {
      if (fs.exists(id)) {
        String held = read(id);
        if (!held.equals(wanted)) {
          throw new SpecException("--out", "results directory " + dir + " holds another sweep or other measurement"
              + " settings:\n  held:   " + held.replace("\n", " ").trim() + "\n  wanted: "
              + wanted.replace("\n", " ").trim() + "\nallowed: a new directory, or the same sweep and settings");
        }
        return;
      }
      if (fs.exists(dir)) {
        FileStatus[] entries = fs.listStatus(dir);
        for (FileStatus e : entries) {
          if (e.getPath().getName().equals("." + id.getName() + ".tmp")) {
            fs.delete(e.getPath(), false); // left by a first write that failed (disk full): it blocks nothing
          } else {
            throw SpecException.badValue("--out", dir, "an empty or new directory, or one written by shattered");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      writeAtomically(id, wanted);
    } catch (IOException | FSError e) {
      // the first write into DIR: a read-only or full file system is bad input, and what was begun goes
      try {
        fs.delete(new Path(dir, "." + id.getName() + ".tmp"), false);
        fs.delete(id, false);
      } catch (IOException | FSError ignored) {
        // nothing more can be done; claim() deletes such a leftover next time
      }
      throw SpecException.badValue("--out", dir, "a results directory this user can write (writing "
          + id.getName() + " failed: " + oneLine(e) + ")");
    }
  }

  /** The innermost message of {@code e}, on one line. */
  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replace('\n', ' ').strip();
  }

  /**
   * Takes the directory's lock, so that two drivers never write (or roll back) the same DIR at once.
   * The lock file {@code DIR/_lock} names its holder (host and process id); a lock whose holder was a
   * process on this host that no longer runs (a killed driver) is taken over. Any other held lock is
   * refused with a message naming the holder and the file to delete if no sweep runs.
   *
   * @return releases the lock when closed
   */
  public AutoCloseable lock() {
    Path lock = new Path(dir, "_lock");
    String host = Provenance.host();
    long pid = ProcessHandle.current().pid();
    String me = "host=" + host + "\npid=" + pid + "\n";
    // Another driver may create, fill or delete the lock between any two of these calls: a lock that
    // vanishes while it is read, or that is still empty (created, holder not yet written), is looked
    // at again for up to about a second before it is reported.
    try {
      for (int attempt = 1; ; attempt++) {
        boolean last = attempt >= LOCK_ATTEMPTS;
        if (fs.exists(lock)) {
          String held;
          try {
            held = read(lock);
          } catch (java.io.FileNotFoundException gone) {
            held = null; // released meanwhile: try to take it
          }
          if (held != null && held.isBlank() && !last) {
            pause();
            continue;
          }
          if (held != null && (held.isBlank() || !isStale(held, host))) {
            String holder = held.isBlank() ? "one that is starting: its holder is not recorded yet"
                : held.replace("\n", " ").trim();
            throw new SpecException("--out", "results directory " + dir + " is in use by another sweep (" + holder
                + "); allowed: a directory no running sweep writes to (if none runs, delete " + lock + ")");
          }
          if (held != null) {
            fs.delete(lock, false);
          }
        }
        try (OutputStream out = fs.create(lock, false)) {
          out.write(me.getBytes(StandardCharsets.UTF_8));
          break;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
          if (last) {
            throw taken;
          }
          pause(); // another driver created it first: read its holder
        }
      }
    } catch (IOException | FSError e) {
      throw new SpecException("--out", "could not lock results directory " + dir + ": " + oneLine(e));
    }
    return () -> fs.delete(lock, false);
  }

  private static final int LOCK_ATTEMPTS = 20;

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while taking the lock", e);
    }
  }

  /** A lock is stale when it names a process of this host that is no longer alive. */
  private static boolean isStale(String held, String host) {
    String heldHost = null;
    long heldPid = -1;
    for (String line : held.split("\n")) {
      if (line.startsWith("host=")) {
        heldHost = line.substring(5).trim();
      } else if (line.startsWith("pid=")) {
        try {
          heldPid = Long.parseLong(line.substring(4).trim());
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return host.equals(heldHost) && heldPid > 0 && ProcessHandle.of(heldPid).map(h -> !h.isAlive()).orElse(true);
  }

  /** Rolls back uncommitted batches and finishes committed rewrites. Safe to call any time no sweep runs. */
  public void recover() {
    try {
      Set<String> committed = new HashSet<>();
      Path commits = new Path(dir, "_commits");
      if (fs.exists(commits)) {
        for (FileStatus s : fs.listStatus(commits)) {
          String name = s.getPath().getName();
          if (name.startsWith(".") || name.endsWith(".tmp")) {
            continue;
          }
          committed.add(name);
          for (String replaced : read(s.getPath()).split("\n")) {
            if (!replaced.isBlank()) {
              fs.delete(new Path(dir, replaced.trim()), false);
            }
          }
        }
      }
      for (String table : TABLES) {
        for (Path file : dataFiles(new Path(dir, table))) {
          String batch = batchOf(file);
          if (batch != null && !committed.contains(batch)) {
            fs.delete(file, false);
          }
        }
      }
      fs.delete(new Path(dir, "_staging"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** key -> status of every task in the tasks table. */
  public Map<String, String> statuses() {
    Map<String, String> out = new HashMap<>();
    if (!hasData("tasks")) {
      return out;
    }
    for (Row r : spark.read().parquet(tasksPath()).select("key", "status").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  /** Whether a table has at least one data file. */
  public boolean hasData(String table) {
    try {
      return !dataFiles(new Path(dir, table)).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes one batch: both tables go to staging, their files are renamed into place, then the
   * commit marker is written (listing {@code replaces}, files relative to DIR that the batch
   * supersedes and that are deleted after the marker).
   *
   * @param stopBeforeMarker test hook: leave the batch renamed but uncommitted, as a killed driver would
   */
  public void commit(String batch, Dataset<Row> tasks, Dataset<Row> layers, List<String> replaces,
      boolean stopBeforeMarker) {
    Path staging = new Path(stagingPath(batch));
    tasks.write().mode(SaveMode.ErrorIfExists).partitionBy(ResultSchema.PARTITION)
        .parquet(new Path(staging, "tasks").toString());
    if (layers != null) {
      layers.write().mode(SaveMode.ErrorIfExists).partitionBy(ResultSchema.PARTITION)
          .parquet(new Path(staging, "layers").toString());
    }
    publish(batch, replaces, stopBeforeMarker);
    if (!stopBeforeMarker) {
      removeEmptyStaging();
    }
  }

  /**
   * Where batch {@code batch} is staged: {@code STAGING/tasks/architecture=A/*.parquet} and the same
   * for layers, as Spark's partitioned writer lays them out.
   */
  public String stagingPath(String batch) {
    return new Path(new Path(dir, "_staging"), batch).toString();
  }

  /**
   * Commits a batch whose files are complete in {@link #stagingPath}: renames them into the tables
   * (as {@code BATCH--NAME}), then writes the commit marker listing {@code replaces} (files relative
   * to DIR that the batch supersedes, deleted after the marker). Until the marker exists,
   * {@link #recover()} rolls the batch back.
   *
   * @param stopBeforeMarker test hook: leave the batch renamed but uncommitted, as a killed driver would
   */
  public void publish(String batch, List<String> replaces, boolean stopBeforeMarker) {
    Path staging = new Path(stagingPath(batch));
    try {
      for (String table : TABLES) {
        Path from = new Path(staging, table);
        for (Path file : dataFiles(from)) {
          String partition = file.getParent().getName();
          Path target = new Path(new Path(new Path(dir, table), partition), batch + SEP + file.getName());
          fs.mkdirs(target.getParent());
          if (!fs.rename(file, target)) {
            throw new IOException("could not move " + file + " to " + target);
          }
        }
      }
      if (stopBeforeMarker) {
        return;
      }
      writeAtomically(new Path(new Path(dir, "_commits"), batch), String.join("\n", replaces) + "\n");
      for (String replaced : replaces) {
        fs.delete(new Path(dir, replaced), false);
      }
      // only this batch's directory: the next batch may be staging its files next to it
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the staging directory if it is empty; call when no batch is being written. */
  public void removeEmptyStaging() {
    Path staging = new Path(dir, "_staging");
    try {
      if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes the failed rows of the tasks table so that they are computed again: the files holding
   * them are rewritten without them as one committed batch that replaces them.
   *
   * @return the number of failed rows removed
   */
  public long dropFailed(String batch) {
    if (!hasData("tasks")) {
      return 0;
    }
    Dataset<Row> all = spark.read().parquet(tasksPath()).withColumn("_file", functions.col("_metadata.file_path"));
    List<String> files = all.where("status = 'failed'").select("_file").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    if (files.isEmpty()) {
      return 0;
    }
    long failed = all.where("status = 'failed'").count();
    List<String> relative = new ArrayList<>();
    String root = dir.toUri().getPath();
    for (String f : files) {
      String path = new Path(URI.create(f)).toUri().getPath();
      relative.add(path.substring(root.length() + 1));
    }
    Dataset<Row> kept = spark.read().option("basePath", tasksPath())
        .parquet(files.stream().map(f -> new Path(URI.create(f)).toString()).toArray(String[]::new))
        .where("status <> 'failed'");
    commit(batch, kept, null, relative, false);
    return failed;
  }

  /** The batch a data file belongs to, or null for a file shattered did not write. */
  static String batchOf(Path file) {
    String name = file.getName();
    int i = name.indexOf(SEP);
    return i > 0 ? name.substring(0, i) : null;
  }

  private List<Path> dataFiles(Path table) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(table)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(table)) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        out.addAll(dataFiles(s.getPath()));
      } else if (name.endsWith(".parquet")) {
        out.add(s.getPath());
      }
    }
    return out;
  }

  private String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void writeAtomically(Path target, String text) throws IOException {
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
