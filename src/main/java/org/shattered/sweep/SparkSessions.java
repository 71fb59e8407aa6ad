package org.shattered.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Creates the SparkSession from the {@code spark} section of the configuration. */
public final class SparkSessions {
  private SparkSessions() {
  }

  /**
   * @param config the resolved configuration
   * @param masterOverride a master URL from the command line, or null: then spark-submit's master
   *     (the {@code spark.master} system property) wins over the config's {@code spark.master}
   */
  public static SparkSession create(Config config, String masterOverride) {
    SparkSession.Builder b = SparkSession.builder().appName(config.getString("spark.app-name"));
    if (masterOverride != null) {
      b.master(masterOverride);
    } else if (System.getProperty("spark.master") == null) {
      b.master(config.getString("spark.master"));
    }
    b.config(WAREHOUSE, scratchWarehouse());
    for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
      b.config(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
    }
    return b.getOrCreate();
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
