package org.shattered.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession from the {@code spark} section of the configuration. The section holds
 * defaults: a Spark setting that Spark itself already has (from {@code spark-submit --conf}, or a
 * {@code -Dspark.x=...} system property, which is how spark-submit passes its settings) wins over
 * the file, as Spark users expect.
 */
public final class SparkSessions {

  /** The main class spark-submit names the application after when no --name is given. */
  private static final String SUBMIT_DEFAULT_NAME = "org.shattered.cli.Main";

  private SparkSessions() {
  }

  /**
   * @param config the resolved configuration
   * @param masterOverride a master URL from the command line, or null: then spark-submit's master
   *     (the {@code spark.master} system property) wins over the config's {@code spark.master}
   * @param purpose what the session is for (e.g. "sweep depth"), appended to {@code spark.app-name}
   *     to name the application unless {@code spark.app.name} is set
   */
  public static SparkSession create(Config config, String masterOverride, String purpose) {
    return SparkSession.builder().config(conf(config, masterOverride, purpose)).getOrCreate();
  }

  /** The Spark settings of {@link #create}: Spark's own (system properties) first, then the file's defaults. */
  static SparkConf conf(Config config, String masterOverride, String purpose) {
    SparkConf conf = new SparkConf(true); // spark.* system properties: -D and spark-submit --conf
    if (masterOverride != null) {
      conf.setMaster(masterOverride);
    } else {
      conf.setIfMissing("spark.master", config.getString("spark.master"));
    }
    if (SUBMIT_DEFAULT_NAME.equals(conf.get("spark.app.name", null))) {
      conf.remove("spark.app.name");
    }
    // the file's spark.conf before the defaults derived from other keys, so that spark.conf."spark.app.name"
    // names the application (Spark's own -D / --conf / --name still win: they are set already)
    for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
      String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
      org.shattered.spec.SweepConfig.checkSparkConfKey(key);
      conf.setIfMissing(key, String.valueOf(e.getValue().unwrapped()));
    }
    String base = config.getString("spark.app-name");
    conf.setIfMissing("spark.app.name", purpose == null || purpose.isBlank() ? base : base + " " + purpose);
    if (!conf.contains(WAREHOUSE)) { // a -D or spark.conf warehouse wins; only then is a scratch directory made
      conf.set(WAREHOUSE, scratchWarehouse());
    }
    String eventLog = config.getString("spark.event-log");
    if (!eventLog.isBlank()) {
      conf.setIfMissing("spark.eventLog.enabled", "true");
      conf.setIfMissing("spark.eventLog.dir", createDirectory(eventLog));
    }
    return conf;
  }

  /** Spark refuses an event-log directory that does not exist; creates it and returns its qualified name. */
  private static String createDirectory(String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
      fs.mkdirs(p);
      return fs.makeQualified(p).toString();
    } catch (IOException | IllegalArgumentException e) {
      throw org.shattered.spec.SpecException.badValue("spark.event-log", dir,
          "a directory Spark can write its event logs to (" + e.getMessage() + ")");
    }
  }

  /** The web UI's address, or null when the UI is off. */
  public static String uiUrl(SparkSession spark) {
    scala.Option<String> url = spark.sparkContext().uiWebUrl();
    return url.isDefined() ? url.get() : null;
  }

  private static final String WAREHOUSE = "spark.sql.warehouse.dir";

  /**
   * An empty temporary directory, removed when the JVM exits, as Spark's warehouse: Spark's catalog
   * creates its warehouse directory (by default {@code spark-warehouse/} in the working directory) as
   * soon as any command looks at it, and shattered keeps no tables there (results are files in the
   * results directory, and {@code sql} refuses statements that would create tables). A
   * {@code spark.conf} entry for the key still wins.
   */
  private static String scratchWarehouse() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("shattered-warehouse-");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
