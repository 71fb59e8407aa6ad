package org.shattered.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The identity of a results directory, {@code DIR/_sweep.properties}: the sweep's name and its
 * measurement settings, written once by the first sweep into DIR ({@link ResultStore#claim}) and
 * checked by every later one. This is the one place that knows the file's name and format; it is read
 * through Hadoop's {@link FileSystem}, so the same code serves local, HDFS and S3 directories.
 *
 * @param name the sweep's name ({@code sweep.name})
 * @param settings the settings that change what a task measures (SweepSpec.measurementSettings)
 */
public record SweepIdentity(String name, String settings) {

  /** The file's name in the results directory. */
  public static final String FILE = "_sweep.properties";

  /** The file's content: {@code name=NAME} and {@code settings=SETTINGS}, one line each. */
  public String text() {
    return "name=" + name + "\nsettings=" + settings + "\n";
  }

  /** The file of the results directory {@code dir}. */
  public static Path path(Path dir) {
    return new Path(dir, FILE);
  }

  /** The file's text as written, or empty when {@code dir} has none. */
  public static Optional<String> readText(FileSystem fs, Path dir) throws IOException {
    Path p = path(dir);
    if (!fs.exists(p)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(p)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The text of the results directory {@code location} (any Hadoop path), or empty when it has none;
   * {@code conf} is Spark's Hadoop configuration where there is one (its file system settings).
   */
  public static Optional<String> readText(Configuration conf, String location) {
    try {
      Path dir = new Path(location);
      return readText(dir.getFileSystem(conf), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The identity in {@code text}; a line that is missing leaves its field null (a file not written
   * by {@link #text()}: read, never trusted to compare equal).
   */
  public static SweepIdentity parse(String text) {
    String name = null;
    String settings = null;
    for (String line : text.lines().toList()) {
      if (name == null && line.startsWith("name=")) {
        name = line.substring("name=".length());
      } else if (settings == null && line.startsWith("settings=")) {
        settings = line.substring("settings=".length());
      }
    }
    return new SweepIdentity(name, settings);
  }

  /** The identity of the results directory {@code location}, or empty when it has none. */
  public static Optional<SweepIdentity> read(Configuration conf, String location) {
    return readText(conf, location).map(SweepIdentity::parse);
  }
}
