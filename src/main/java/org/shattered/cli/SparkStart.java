package org.shattered.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.SpecException;
import org.shattered.sweep.SparkSessions;

/**
 * Starts Spark for a command and turns a refusal of its settings (a {@code spark.conf} value Spark
 * rejects, a master it cannot reach) into one line naming the settings and Spark's own reason
 * (exit code 2) instead of the pages of stack trace Spark's start-up prints.
 */
final class SparkStart {
  private SparkStart() {
  }

  static SparkSession session(Config config, String masterOverride) {
    SparkSession spark = null;
    try {
      spark = SparkSessions.create(config, masterOverride);
      // the SQL session state is built lazily, and with it the checks of the spark.sql.* settings:
      // build it now, before anything is written, rather than inside the first read of the results
      spark.sql("SELECT 1");
      return spark;
    } catch (RuntimeException e) {
      if (spark != null) {
        spark.stop();
      }
      String master = masterOverride != null ? masterOverride
          : System.getProperty("spark.master", config.hasPath("spark.master") ? config.getString("spark.master") : "?");
      throw new SpecException("spark", "Spark did not start with master '" + master + "' and the spark.conf "
          + "settings: " + reason(e) + "; allowed: settings Spark accepts (see spark.conf in reference.conf)");
    }
  }

  /** The innermost message of {@code e}, on one line. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
        + t.getMessage();
    return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
  }
}
