package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's bounds: a native matrix holds at most 2^31 - 1 bytes. The boundary values are the
 * ones measured with {@code jobs/shattered task} (see TaskBounds): width 200 feedforward in double
 * runs at depth 6,711 and failed inside at 6,712 (float: 13,422 and 13,423).
 */
class TaskBoundsTest {
  @TempDir
  Path tmp;

  @Test
  void theLimitIsTwoToTheThirtyOneBytesOfTheNativeType() {
    assertEquals(268_435_455L, TaskBounds.maxValues(Precision.DOUBLE));
    assertEquals(536_870_911L, TaskBounds.maxValues(Precision.FLOAT));
  }

  @Test
  void boundariesAreTheMeasuredOnes() {
    Architecture ff = Architecture.FEEDFORWARD;
    assertNull(TaskBounds.violation(ff, Precision.DOUBLE, 6711, 200, 256));
    assertNotNull(TaskBounds.violation(ff, Precision.DOUBLE, 6712, 200, 256));
    assertNull(TaskBounds.violation(ff, Precision.FLOAT, 13422, 200, 256));
    assertNotNull(TaskBounds.violation(ff, Precision.FLOAT, 13423, 200, 256));
    // resnet has one matrix more, looks-linear's are twice as wide
    assertNull(TaskBounds.violation(Architecture.RESNET, Precision.DOUBLE, 6710, 200, 256));
    assertNotNull(TaskBounds.violation(Architecture.RESNET, Precision.DOUBLE, 6711, 200, 256));
    assertNull(TaskBounds.violation(Architecture.LOOKS_LINEAR, Precision.DOUBLE, 3355, 200, 256));
    assertNotNull(TaskBounds.violation(Architecture.LOOKS_LINEAR, Precision.DOUBLE, 3356, 200, 256));
    // the staging matrix of a product, 2 x points x width, at depth 1 (feedforward: no layer matrix)
    assertNull(TaskBounds.violation(ff, Precision.DOUBLE, 1, 1_000_000, 134));
    assertNotNull(TaskBounds.violation(ff, Precision.DOUBLE, 1, 1_000_000, 135));
  }

  @Test
  void theMessageNamesDepthWidthPointsAndTheLimit() {
    String m = TaskBounds.violation(Architecture.FEEDFORWARD, Precision.DOUBLE, 10_000, 200, 256);
    assertTrue(m.contains("depth 10000") && m.contains("width 200") && m.contains("points 256")
        && m.contains("268,435,455") && m.contains("depth at most 6,711"), m);
  }

  @Test
  void depthTenThousandIsRefusedWhenTheConfigIsRead() throws Exception {
    Path conf = tmp.resolve("deep.conf");
    Files.writeString(conf, "sweep { name = deep, grid { depth = [1, 10000], width = [200] } }\n");
    SpecException e = assertThrows(SpecException.class,
        () -> SweepConfig.sweepSpec(SweepConfig.load(conf, null, List.of())));
    assertEquals("sweep.grid.depth", e.key());
    assertTrue(e.getMessage().contains("depth 10000") && e.getMessage().contains(conf.toString()), e.getMessage());
  }

  @Test
  void aTooLargeShapeThatTheRulesExcludeIsNotRefused() throws Exception {
    Path conf = tmp.resolve("pruned.conf");
    Files.writeString(conf, "sweep { name = pruned, grid { depth = [1, 10000], width = [8, 200] },"
        + " exclude = [{depth = 10000, width = 200}] }\n");
    SweepSpec s = SweepConfig.sweepSpec(SweepConfig.load(conf, null, List.of()));
    long[] n = {0};
    s.grid().forEach(t -> n[0]++);
    assertEquals(3 * 4, n[0]);
  }
}
