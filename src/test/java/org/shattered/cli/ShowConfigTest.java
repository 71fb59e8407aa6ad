package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** {@code plan --show-config}: the resolved configuration, after every layer, before the plan. */
class ShowConfigTest {

  @Test
  void printsTheResolvedSweepAndSparkSectionsWithTheLaterSetWinning() {
    CommandLineTest.Run r = CommandLineTest.run("plan", "jobs/quick.conf", "--show-config",
        "--set", "sweep.grid.seed=25", "--set", "sweep.grid.seed=8", "--set", "sweep.max-lag=7");
    assertEquals(0, r.code(), r.err());
    int plan = r.out().indexOf("\nsweep quick ->");
    assertTrue(plan > 0, r.out());
    // the printed text is HOCON that parses back to the values the sweep would use
    Config shown = ConfigFactory.parseString(r.out().substring(0, plan));
    assertEquals(8, shown.getInt("sweep.grid.seed"));
    assertEquals(7, shown.getInt("sweep.max-lag"));
    assertEquals("quick", shown.getString("sweep.name"));
    assertEquals(java.util.List.of(1, 4, 8, 16), shown.getIntList("sweep.grid.depth"));
    assertTrue(shown.hasPath("spark.master"), r.out());
  }

  @Test
  void aBadConfigurationIsRefusedNotShown() {
    CommandLineTest.Run r = CommandLineTest.run("plan", "jobs/quick.conf", "--show-config", "--set", "sweep.grid.depth=0");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.out().isEmpty(), r.out());
  }
}
