package org.shattered.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.shattered.spec.SpecException;

/**
 * Checks of command-line arguments that can be made before Spark starts (Spark takes seconds to
 * start and reports a bad master or path as pages of stack trace): the master URL's form, an output
 * directory that can be created and written, a results directory that holds a tasks table. Each
 * failure is a {@link SpecException} (one line, exit code 2) and nothing is written.
 *
 * <p>Paths are checked when they are local (no scheme, or {@code file:}); an HDFS or S3 path is left
 * to Spark, which reaches it with the cluster's Hadoop configuration.
 */
final class Preflight {
  private Preflight() {
  }

  /** The master URLs Spark 4 accepts (SparkContext.createTaskScheduler and its cluster managers). */
  static final String MASTERS = "local, local[N], local[*], local[N,F] (F task failures allowed), "
      + "local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT...], yarn, k8s://[https://]HOST:PORT";

  private static final Pattern LOCAL = Pattern.compile("local(\\[([0-9]+|\\*)(\\s*,\\s*[0-9]+)?])?");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*]");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-]+:[0-9]{1,5}|\\[[0-9a-fA-F:.]+]:[0-9]{1,5}");

  /** Refuses a master URL Spark would not accept; null (no override) passes. */
  static void master(String option, String url) {
    if (url == null || isMaster(url.strip())) {
      return;
    }
    throw SpecException.badValue(option, url, "a Spark master URL: " + MASTERS);
  }

  static boolean isMaster(String url) {
    if (LOCAL.matcher(url).matches() || LOCAL_CLUSTER.matcher(url).matches() || url.equals("yarn")) {
      return true;
    }
    if (url.startsWith("spark://")) {
      for (String hp : url.substring("spark://".length()).split(",", -1)) {
        if (!HOST_PORT.matcher(hp).matches()) {
          return false;
        }
      }
      return true;
    }
    if (url.startsWith("k8s://")) {
      String rest = url.substring("k8s://".length());
      rest = rest.startsWith("https://") ? rest.substring(8) : rest.startsWith("http://") ? rest.substring(7) : rest;
      return HOST_PORT.matcher(rest).matches() || rest.matches("[A-Za-z0-9._\\-]+");
    }
    return false;
  }

  /**
   * The cores a sweep on {@code master} runs on, as far as the driver knows before Spark starts:
   * N for local[N] and local[N,F], 1 for local, otherwise (local[*], a cluster) this machine's.
   */
  static int cores(String master) {
    java.util.regex.Matcher m = LOCAL.matcher(master == null ? "" : master.strip());
    if (m.matches()) {
      if (m.group(2) == null) {
        return 1;
      }
      if (!m.group(2).equals("*")) {
        try {
          return Math.max(1, Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
          return Runtime.getRuntime().availableProcessors();
        }
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** The local path of {@code location}, or null when it is on another file system (hdfs:, s3a:, ...). */
  static Path localPath(String location) {
    try {
      URI uri = new URI(location);
      if (uri.getScheme() == null || uri.getScheme().length() == 1) { // a plain path (or a drive letter)
        return Path.of(location).toAbsolutePath().normalize();
      }
      return uri.getScheme().equals("file") ? Path.of(uri).toAbsolutePath().normalize() : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Path.of(location).toAbsolutePath().normalize();
    }
  }

  /**
   * Refuses an output directory that names a file, lies under a file, or cannot be written (by
   * permissions, a read-only file system, or a full disk at the first byte): probed by creating and
   * deleting a hidden file in the directory or in its nearest existing parent. Creates nothing.
   */
  static void outputDirectory(String option, String location) {
    Path p = localPath(location);
    if (p == null) {
      return;
    }
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw SpecException.badValue(option, location, "a directory (this names a file)");
    }
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw SpecException.badValue(option, location, "a path under an existing directory");
    }
    if (!Files.isDirectory(existing)) {
      throw SpecException.badValue(option, location, "a directory (" + existing + " is a file)");
    }
    String why = unwritable(existing);
    if (why != null) {
      throw SpecException.badValue(option, location, "a directory this user can write (" + existing + ": " + why
          + ")");
    }
  }

  /** Why nothing can be written into {@code dir}, or null when a probe file could be created and deleted. */
  static String unwritable(Path dir) {
    if (!Files.isWritable(dir)) {
      return "not writable";
    }
    Path probe = dir.resolve(".shattered-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      Files.write(probe, new byte[] {1});
      return null;
    } catch (IOException | SecurityException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().replace(probe.toString(), "").replace("\n", " ").strip();
      return (e.getClass().getSimpleName() + " " + m).strip();
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // the probe could not be written or is gone already
      }
    }
  }

  /**
   * Refuses a local results directory that is missing, not a directory, or has no tasks table
   * (no Parquet file under DIR/tasks, or DIR/train_tasks for training); as {@code ResultStore.hasData}
   * decides, without Spark.
   */
  static void resultsDirectory(String option, String location) {
    Path p = localPath(location);
    if (p == null) {
      return;
    }
    String allowed = "a results directory written by 'shattered sweep'";
    if (!Files.exists(p)) {
      throw SpecException.badValue(option, location, allowed + " (there is no tasks table there: missing)");
    }
    if (!Files.isDirectory(p)) {
      throw SpecException.badValue(option, location, allowed + " (this names a file)");
    }
    if (!hasParquet(p.resolve("tasks")) && !hasParquet(p.resolve(org.shattered.sweep.TrainingSchema.TASKS))) {
      throw SpecException.badValue(option, location, allowed + " (there is no tasks table there: empty)");
    }
  }

  private static boolean hasParquet(Path table) {
    if (!Files.isDirectory(table)) {
      return false;
    }
    try (var files = Files.walk(table)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(f)
          && !hidden(table.relativize(f)));
    } catch (IOException e) {
      throw SpecException.badValue("--results", table.getParent(), "a readable results directory (" + e.getMessage()
          + ")");
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String s = part.toString();
      if (s.startsWith("_") || s.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
