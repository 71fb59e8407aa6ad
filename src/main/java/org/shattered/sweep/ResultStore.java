package org.shattered.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.TreeMap;
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
 * A results directory and its commit protocol (layout in {@link ResultDir}). A batch is written to
 * {@code DIR/_staging/BATCH/}, outside the tables. Its commit writes the marker {@code DIR/_commits/BATCH}
 * first, listing every file with its size, rows and CRC32C ({@link CommitMarker}), and only then moves
 * the files into the tables. So a file in a table always belongs to a committed batch, and the
 * markers name exactly the committed files: {@link #read} reads those and nothing else, whatever a
 * crash left behind. A commit cut short (marker written, some files still in staging) is read from
 * staging and finished by the next sweep ({@link #repair}); a batch without a marker is only in
 * staging, read by no one and deleted by the next sweep. Spark and readers ignore names starting
 * with "_".
 */
public final class ResultStore {
  private static final String SEP = ResultDir.SEP;

  /** Where a test stops a commit, as a killed driver would. */
  enum CrashPoint {
    /** commit normally */
    NONE,
    /** files staged, no marker: the batch is not committed */
    BEFORE_MARKER,
    /** marker written, one file moved into its table, the others still in staging */
    AFTER_MARKER
  }

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path dir;
  private final ResultDir files;

  private ResultStore(SparkSession spark, FileSystem fs, Path dir) {
    this.spark = spark;
    this.fs = fs;
    this.dir = dir;
    this.files = new ResultDir(fs, dir);
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

  /** The directory's files, without Spark. */
  ResultDir files() {
    return files;
  }

  /**
   * Makes sure DIR belongs to this sweep: creates it with the sweep's identity, or checks that the
   * identity it holds is the same. Refuses (as bad input, nothing written) a directory of another
   * sweep, with other measurement settings, or with foreign content.
   */
  public void claim(String sweepName, String settings) {
    Path id = SweepIdentity.path(dir);
    String wanted = new SweepIdentity(sweepName, settings).text();
    try {
      java.util.Optional<String> heldText = SweepIdentity.readText(fs, dir);
      if (heldText.isPresent()) {
        String held = heldText.get();
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
      files.writeAtomically(id, wanted);
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
            held = files.read(lock);
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

  /**
   * Keeps the record of one run as {@code DIR/_runs/RUN.conf} (see {@link RunRecord}). Runs are
   * only ever added: an existing record is never rewritten.
   */
  public void recordRun(String runId, String text) {
    Path target = new Path(new Path(dir, "_runs"), runId + ".conf");
    try {
      if (fs.exists(target)) {
        throw new IOException("a record of run " + runId + " exists already: " + target);
      }
      files.writeAtomically(target, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes the directory hold exactly its committed batches, intact, before a sweep relies on them:
   * finishes commits cut short (moves their staged files in, deletes the files they replace), deletes
   * uncommitted staging, then checks the committed files ({@link ResultCheck}, at {@code depth}) and
   * moves aside into {@code DIR/_quarantine/RUN/} every damaged batch (its marker, then all its files
   * in every table, so its tasks are computed again as a whole) and every file no batch committed.
   * Nothing is deleted that a marker commits. Call it holding the lock.
   *
   * @return one line for each damage found and each batch or file moved aside
   */
  public List<String> repair(String run, ResultCheck.Depth depth) {
    try {
      finishCommits();
      fs.delete(new Path(dir, ResultDir.STAGING), true);
      ResultDir.Manifest m = files.manifest();
      ResultCheck.Result check = ResultCheck.check(files, m, depth);
      List<String> lines = new ArrayList<>();
      Set<String> damaged = new LinkedHashSet<>();
      for (ResultCheck.Damage d : check.damage()) {
        lines.add("damaged: " + d.line());
        if (d.batch() != null) {
          damaged.add(d.batch());
        }
      }
      Path quarantine = new Path(new Path(dir, ResultDir.QUARANTINE), run);
      for (String batch : m.withDependents(damaged)) {
        files.quarantineBatch(run, batch, m);
        lines.add("moved batch " + batch + " (all its files" + (damaged.contains(batch) ? "" : ", as it rewrote or was "
            + "rewritten by a damaged batch") + ") to " + quarantine + "; its tasks are computed again");
      }
      for (ResultCheck.Damage d : check.damage()) {
        if (d.batch() == null) {
          files.moveAside(run, files.path(d.path()));
          lines.add("moved " + d.kind() + " file " + d.path() + " to " + quarantine);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Finishes every commit whose marker is written: deletes the files it replaces, moves its staged files in. */
  private void finishCommits() throws IOException {
    for (CommitMarker m : files.markers().values()) {
      for (String replaced : m.replaces()) {
        fs.delete(files.path(replaced), false);
      }
      for (CommitMarker.Entry e : m.files()) {
        Path target = files.path(e.path());
        Path staged = files.stagedLocation(e.path());
        if (!fs.exists(target) && fs.exists(staged)) {
          fs.mkdirs(target.getParent());
          if (!fs.rename(staged, target)) {
            throw new IOException("could not move " + staged + " to " + target);
          }
        }
      }
    }
  }

  /**
   * Checks, by size alone (no data file is read), that every commit marker is readable and every
   * committed file is there as recorded, and refuses damaged results with one line naming
   * {@code option}: readers never read half a batch. Unexpected files are not read, so they pass.
   */
  public void requireIntact(String option) {
    CommittedFiles.requireIntact(files, files.manifest(), option);
  }

  /** key -> status of every task in the committed tasks table. */
  public Map<String, String> statuses() {
    return statuses("tasks");
  }

  /** key -> status of every task in the committed per-task table {@code table} ({@link TaskKind#tasksTable}). */
  public Map<String, String> statuses(String table) {
    Map<String, String> out = new HashMap<>();
    Dataset<Row> tasks = read(table);
    if (tasks == null) {
      return out;
    }
    for (Row r : tasks.select("key", "status").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  /** Whether a table has at least one committed file. */
  public boolean hasData(String table) {
    return !files.manifest().files(table).isEmpty();
  }

  /**
   * Exactly the committed files of {@code table} (null when it has none), partitioned by
   * {@code architecture} as when reading the table's directory. Files of a commit a crash cut short
   * are read where they wait, in staging.
   */
  public Dataset<Row> read(String table) {
    try {
      Map<String, List<String>> byBase = new TreeMap<>();
      for (ResultDir.Manifest.File f : files.manifest().files(table)) {
        Path at = files.locate(f.path());
        Path in = at == null ? files.path(f.path()) : at; // a missing file fails the read, as it should
        Path base = in.getParent().getParent();
        byBase.computeIfAbsent(base.toString(), b -> new ArrayList<>()).add(in.toString());
      }
      Dataset<Row> out = null;
      for (Map.Entry<String, List<String>> e : byBase.entrySet()) {
        Dataset<Row> part = spark.read().option("basePath", e.getKey()).parquet(e.getValue().toArray(String[]::new));
        out = out == null ? part : out.unionByName(part);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes and commits one batch with Spark's writer: each table's rows go to staging, then
   * {@link #publish} commits them (listing {@code replaces}, files relative to DIR that the batch
   * supersedes).
   */
  void commit(String batch, Map<String, Dataset<Row>> tables, List<String> replaces) {
    Path staging = new Path(stagingPath(batch));
    for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
      t.getValue().write().mode(SaveMode.ErrorIfExists).partitionBy(ResultSchema.PARTITION)
          .parquet(new Path(staging, t.getKey()).toString());
    }
    publish(batch, replaces, CrashPoint.NONE);
    removeEmptyStaging();
  }

  /**
   * Where batch {@code batch} is staged: {@code STAGING/TABLE/architecture=A/*.parquet}, as Spark's
   * partitioned writer lays them out.
   */
  public String stagingPath(String batch) {
    return new Path(new Path(dir, ResultDir.STAGING), batch).toString();
  }

  /**
   * Commits a batch whose files are complete in {@link #stagingPath}: writes its marker (each file's
   * committed path {@code TABLE/PARTITION/BATCH--NAME}, size, rows and CRC32C, and {@code replaces}),
   * then deletes the replaced files, then moves its files into the tables. The marker is the commit:
   * before it the batch is only in staging; after it a crash leaves a commit {@link #repair} finishes.
   *
   * A batch with no file (an interrupted batch none of whose units finished) and nothing to replace
   * is not committed; its staging directory is deleted.
   *
   * @param crash test hook: where to stop, as a killed driver would
   * @return the rows the batch committed to a per-task table ({@link ResultSchema#TASK_TABLES})
   */
  long publish(String batch, List<String> replaces, CrashPoint crash) {
    Path staging = new Path(stagingPath(batch));
    try {
      List<CommitMarker.Entry> entries = new ArrayList<>();
      List<Path[]> moves = new ArrayList<>();
      for (String table : ResultSchema.TABLES) {
        for (Path file : files.dataFiles(new Path(staging, table))) {
          String partition = file.getParent().getName();
          String rel = table + "/" + partition + "/" + batch + SEP + file.getName();
          entries.add(files.describe(file, rel));
          moves.add(new Path[] {file, files.path(rel)});
        }
      }
      long taskRows = entries.stream().filter(e -> ResultSchema.TASK_TABLES.contains(e.table()))
          .mapToLong(CommitMarker.Entry::rows).sum();
      if (entries.isEmpty() && replaces.isEmpty()) {
        fs.delete(staging, true);
        return 0;
      }
      if (crash == CrashPoint.BEFORE_MARKER) {
        return taskRows;
      }
      files.writeAtomically(new Path(new Path(dir, ResultDir.COMMITS), batch),
          new CommitMarker(batch, false, entries, replaces).format());
      // replaced files go before their replacements arrive: an outside reader may briefly miss rows, never see two
      for (String replaced : replaces) {
        fs.delete(files.path(replaced), false);
      }
      int moved = 0;
      for (Path[] m : moves) {
        if (crash == CrashPoint.AFTER_MARKER && moved == 1) {
          return taskRows;
        }
        fs.mkdirs(m[1].getParent());
        if (!fs.rename(m[0], m[1])) {
          throw new IOException("could not move " + m[0] + " to " + m[1]);
        }
        moved++;
      }
      // only this batch's directory: the next batch may be staging its files next to it
      fs.delete(staging, true);
      return taskRows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the staging directory if it is empty; call when no batch is being written. */
  public void removeEmptyStaging() {
    Path staging = new Path(dir, ResultDir.STAGING);
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
    return dropFailed(batch, "tasks");
  }

  /** {@link #dropFailed(String)} for the per-task table {@code table}. */
  public long dropFailed(String batch, String table) {
    Dataset<Row> tasks = read(table);
    if (tasks == null) {
      return 0;
    }
    Dataset<Row> all = tasks.withColumn("_file", functions.col("_metadata.file_path"));
    List<String> failedFiles = all.where("status = 'failed'").select("_file").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    if (failedFiles.isEmpty()) {
      return 0;
    }
    long failed = all.where("status = 'failed'").count();
    List<String> relative = new ArrayList<>();
    for (String f : failedFiles) {
      relative.add(files.relative(new Path(URI.create(f))));
    }
    Dataset<Row> kept = spark.read().option("basePath", new Path(dir, table).toString())
        .parquet(failedFiles.stream().map(f -> new Path(URI.create(f)).toString()).toArray(String[]::new))
        .where("status <> 'failed'");
    commit(batch, Map.of(table, kept), relative);
    return failed;
  }
}
