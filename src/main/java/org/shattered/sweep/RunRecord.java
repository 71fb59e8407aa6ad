package org.shattered.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.TaskKey;

/**
 * What one run of a sweep needs to be recreated: the exact command line (every {@code --set}, the
 * profile, {@code --master}, {@code --out}) and the directory it ran in, the build (project
 * version, {@code git describe --always --dirty}: a launcher builds from uncommitted sources, and
 * then says so), the machine (CPU model, architecture, cores), the versions of Java, Spark, Scala,
 * Hadoop and ND4J, the Spark application, and the resolved configuration. {@link ResultStore}
 * keeps one such file per run in {@code DIR/_runs/} (never rewritten), so resumed and extended
 * sweeps keep their whole history; the report builds its "Reproduce" section from them.
 *
 * @param facts the run's facts, as config paths (command, git, machine.cpu, versions.spark, ...)
 * @param resolved the resolved configuration's {@code sweep} and {@code spark} sections
 */
public record RunRecord(Map<String, Object> facts, Config resolved) {

  /** Prefix of the key-value metadata this project adds to every Parquet file it writes. */
  public static final String METADATA_PREFIX = "shattered.";

  /**
   * The record of a sweep started now in this process.
   *
   * @param args the command line's arguments as given (after the launcher)
   * @param config the resolved configuration
   */
  public static RunRecord of(List<String> args, Config config, SparkSession spark) {
    Map<String, Object> f = new LinkedHashMap<>();
    String submitted = System.getenv(SUBMIT_COMMAND);
    String launcher = submitted != null && !submitted.isBlank() ? "jobs/submit"
        : System.getProperty("shattered.launcher", "jobs/shattered");
    String javaOptions = System.getenv("SHATTERED_JAVA_OPTS");
    f.put("command", commandLine(args, submitted));
    f.put("java-options", javaOptions == null ? "" : javaOptions);
    f.put("arguments", List.copyOf(args));
    f.put("working-directory", System.getProperty("user.dir"));
    f.put("project-home", System.getProperty("shattered.home", ""));
    f.put("launcher", launcher);
    String git = System.getProperty("shattered.git.commit", "unknown");
    f.put("git", git);
    f.put("git-dirty", git.endsWith("-dirty"));
    f.put("project-version", Provenance.buildVersion());
    f.put("engine-version", TaskKey.ENGINE_VERSION);
    f.put("weights-version", TaskKey.WEIGHTS_VERSION);
    f.put("machine.host", Provenance.host());
    f.put("machine.cpu", cpuModel());
    f.put("machine.os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    f.put("machine.arch", System.getProperty("os.arch"));
    f.put("machine.cores", Runtime.getRuntime().availableProcessors());
    f.put("machine.max-heap-mb", Runtime.getRuntime().maxMemory() >> 20);
    f.put("versions.java", Provenance.jvm());
    f.put("versions.spark", spark.version());
    f.put("versions.scala", scala.util.Properties.versionNumberString());
    f.put("versions.hadoop", org.apache.hadoop.util.VersionInfo.getVersion());
    f.put("versions.nd4j", Provenance.nd4jBuildVersion());
    f.put("spark.master", spark.sparkContext().master());
    f.put("spark.app-name", spark.sparkContext().appName());
    f.put("spark.app-id", spark.sparkContext().applicationId());
    f.put("spark.default-parallelism", spark.sparkContext().defaultParallelism());
    String eventLog = spark.sparkContext().getConf().get("spark.eventLog.enabled", "false");
    f.put("spark.event-log", "true".equals(eventLog) ? spark.sparkContext().getConf().get("spark.eventLog.dir", "") : "");
    Config resolved = config.withOnlyPath("sweep").withFallback(config.withOnlyPath("spark"));
    return new RunRecord(f, resolved);
  }

  /**
   * This process's command line as it can be pasted into a shell: the launcher as it was called
   * (jobs/shattered passes it), its arguments, and {@code SHATTERED_JAVA_OPTS} when set (a
   * {@code -Dsweep.*} or {@code -Dspark.*} there is part of what ran).
   */
  public static String commandLine(List<String> args) {
    return commandLine(args, System.getenv(SUBMIT_COMMAND));
  }

  /**
   * The environment variable jobs/submit sets to its own command line, shell-quoted as typed: a sweep
   * run through spark-submit sees only the arguments jobs/submit made for it ({@code sweep CONFIG
   * --profile ...}), which is not the command to paste to run it again.
   */
  public static final String SUBMIT_COMMAND = "SHATTERED_SUBMIT_COMMAND";

  /** {@link #commandLine(List)} given the value of {@link #SUBMIT_COMMAND} (null or blank when unset). */
  static String commandLine(List<String> args, String submitted) {
    if (submitted != null && !submitted.isBlank()) {
      return submitted.strip();
    }
    String launcher = System.getProperty("shattered.launcher", "jobs/shattered");
    String javaOptions = System.getenv("SHATTERED_JAVA_OPTS");
    return (javaOptions == null || javaOptions.isBlank() ? "" : "SHATTERED_JAVA_OPTS=" + Shell.quote(javaOptions) + " ")
        + Shell.join(launcher, args);
  }

  /** The record's facts with the run's id, start time and task counts added. */
  RunRecord started(String runId, String startedAt, long planned, long present) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", runId);
    f.put("started", startedAt);
    f.putAll(facts);
    f.put("tasks.planned", planned);
    f.put("tasks.already-present", present);
    return new RunRecord(f, resolved);
  }

  /** The file's text: a comment, the run's facts under {@code run}, then the resolved configuration. */
  public String render() {
    Config run = com.typesafe.config.ConfigFactory.empty();
    for (Map.Entry<String, Object> e : facts.entrySet()) {
      run = run.withValue("run." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    ConfigRenderOptions opts = ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
        .setJson(false).setFormatted(true);
    return "# One run of a shattered sweep (written by the sweep when it started; never rewritten).\n"
        + "# run: the command line as given, the build, the machine and versions; then the resolved configuration.\n"
        + run.root().render(opts) + resolved.root().render(opts);
  }

  /**
   * The key-value metadata of the Parquet files this run writes: the facts that define the sweep
   * and where its numbers come from, each under {@link #METADATA_PREFIX}, and the resolved
   * {@code sweep} section as JSON ({@code shattered.sweep_conf}).
   */
  public Map<String, String> parquetMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    String[][] keys = {{"id", "run_id"}, {"command", "command"}, {"git", "git"}, {"project-version", "project_version"},
        {"engine-version", "engine_version"}, {"weights-version", "weights_version"}, {"versions.spark", "spark_version"},
        {"versions.nd4j", "nd4j_version"}, {"versions.java", "java_version"}, {"machine.cpu", "driver_cpu"},
        {"machine.arch", "driver_arch"}, {"spark.master", "spark_master"}};
    for (String[] k : keys) {
      if (facts.containsKey(k[0])) {
        m.put(METADATA_PREFIX + k[1], String.valueOf(facts.get(k[0])));
      }
    }
    m.put(METADATA_PREFIX + "sweep_conf", resolved.getConfig("sweep").root()
        .render(ConfigRenderOptions.concise().setJson(true)));
    return m;
  }

  /** The CPU model of this machine (from /proc/cpuinfo on Linux), or "unknown". */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "unknown";
  }

  /**
   * POSIX shell quoting: the command line as it can be pasted into a shell (also the report's
   * "Reproduce" lines).
   */
  public static final class Shell {
    private Shell() {
    }

    static String join(String launcher, List<String> args) {
      StringBuilder sb = new StringBuilder(quote(launcher));
      for (String a : args) {
        sb.append(' ').append(quote(a));
      }
      return sb.toString();
    }

    /** {@code s} as one shell word: as it is when it is safe, otherwise in single quotes. */
    public static String quote(String s) {
      if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
        return s;
      }
      return "'" + s.replace("'", "'\\''") + "'";
    }
  }
}
