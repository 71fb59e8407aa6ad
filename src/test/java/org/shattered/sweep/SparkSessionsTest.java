package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own settings win over the config file's defaults: {@code -Dspark.x} system properties
 * (how spark-submit passes {@code --conf} and {@code --name}) take effect in a real local session.
 */
class SparkSessionsTest {

  private static final List<String> PROPS = List.of("spark.app.name", "spark.ui.enabled", "spark.sql.shuffle.partitions",
      "spark.master", "spark.eventLog.enabled", "spark.eventLog.dir");

  private final Map<String, String> saved = new HashMap<>();

  @TempDir
  Path tmp;

  @BeforeEach
  void clearSparkProperties() {
    for (String p : PROPS) {
      saved.put(p, System.getProperty(p));
      System.clearProperty(p);
    }
  }

  @AfterEach
  void restoreSparkProperties() {
    for (String p : PROPS) {
      if (saved.get(p) == null) {
        System.clearProperty(p);
      } else {
        System.setProperty(p, saved.get(p));
      }
    }
  }

  private static Config reference(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void systemPropertiesWinOverTheConfigInALocalSession() {
    System.setProperty("spark.app.name", "my-own-name");
    System.setProperty("spark.ui.enabled", "true");
    System.setProperty("spark.sql.shuffle.partitions", "3");
    // the file says otherwise for all three
    Config config = reference("spark.conf {\"spark.ui.enabled\" = false, \"spark.sql.shuffle.partitions\" = 8}");
    SparkSession spark = SparkSessions.create(config, "local[1]", "sweep x");
    try {
      assertEquals("my-own-name", spark.conf().get("spark.app.name"));
      assertEquals("my-own-name", spark.sparkContext().appName());
      assertEquals("3", spark.conf().get("spark.sql.shuffle.partitions"));
      assertEquals("true", spark.sparkContext().getConf().get("spark.ui.enabled"));
      assertNotNull(SparkSessions.uiUrl(spark), "the UI was asked for with -Dspark.ui.enabled=true");
    } finally {
      stop(spark);
    }
  }

  @Test
  void withoutSparkSettingsTheFileDecidesAndTheNameCarriesTheSweep() {
    SparkSession spark = SparkSessions.create(reference("spark.conf {\"spark.ui.enabled\" = false}"), "local[1]",
        "sweep depth");
    try {
      assertEquals("shattered sweep depth", spark.sparkContext().appName());
      assertEquals("8", spark.conf().get("spark.sql.shuffle.partitions"));
      assertNull(SparkSessions.uiUrl(spark), "spark.ui.enabled = false in the file, nothing overrides it");
    } finally {
      stop(spark);
    }
  }

  @Test
  void theUiIsOnByDefaultAndTheEventLogKeyFillsSparksSettings() throws Exception {
    Path logs = tmp.resolve("events");
    SparkConf conf = SparkSessions.conf(reference("spark.event-log = \"" + logs + "\""), null, "sweep q");
    assertEquals("true", conf.get("spark.ui.enabled"));
    assertEquals("local[*]", conf.get("spark.master"));
    assertEquals("true", conf.get("spark.eventLog.enabled"));
    assertTrue(conf.get("spark.eventLog.dir").endsWith(logs.toString()), conf.get("spark.eventLog.dir"));
    assertTrue(Files.isDirectory(logs), "Spark needs the directory to exist");
    assertFalse(SparkSessions.conf(reference(""), null, "").contains("spark.eventLog.enabled"), "off by default");

    System.setProperty("spark.eventLog.enabled", "false");
    System.setProperty("spark.master", "local[2]");
    System.setProperty("spark.app.name", "org.shattered.cli.Main"); // spark-submit without --name
    SparkConf submitted = SparkSessions.conf(reference("spark.event-log = \"" + logs + "\""), null, "sweep q");
    assertEquals("false", submitted.get("spark.eventLog.enabled"));
    assertEquals("local[2]", submitted.get("spark.master"));
    assertEquals("shattered sweep q", submitted.get("spark.app.name"));
    assertEquals("local[1]", SparkSessions.conf(reference(""), "local[1]", "x").get("spark.master"),
        "--master on the command line wins over everything");
  }

  @Test
  void sparkConfEntriesNamedLikeSparksAreHonouredAndOthersRefused() {
    Config named = reference("spark.conf { \"spark.app.name\" = x, \"spark.ui.enabled\" = false }");
    assertEquals("x", SparkSessions.conf(named, null, "sweep q").get("spark.app.name"),
        "spark.conf.\"spark.app.name\" names the application (it was shadowed by spark.app-name)");
    assertEquals("false", SparkSessions.conf(named, null, "sweep q").get("spark.ui.enabled"));
    System.setProperty("spark.app.name", "from-submit"); // spark-submit --name / --conf still win
    assertEquals("from-submit", SparkSessions.conf(named, null, "sweep q").get("spark.app.name"));
    System.clearProperty("spark.app.name");
    org.shattered.spec.SpecException notSpark = org.junit.jupiter.api.Assertions.assertThrows(
        org.shattered.spec.SpecException.class, () -> SparkSessions.conf(reference("spark.conf.ui = false"), null, "q"));
    assertTrue(notSpark.getMessage().contains("spark.conf") && notSpark.getMessage().contains("'ui'"),
        notSpark.getMessage());
    org.shattered.spec.SpecException master = org.junit.jupiter.api.Assertions.assertThrows(
        org.shattered.spec.SpecException.class,
        () -> SparkSessions.conf(reference("spark.conf { \"spark.master\" = \"local[1]\" }"), null, "q"));
    assertTrue(master.getMessage().contains("spark.master"), master.getMessage());
  }

  private static void stop(SparkSession spark) {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
