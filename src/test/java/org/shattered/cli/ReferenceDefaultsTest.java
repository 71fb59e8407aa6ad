package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.shattered.spec.Defaults;
import picocli.CommandLine;

/** The {@code task} command's defaults are reference.conf's (the first value of each grid axis). */
class ReferenceDefaultsTest {

  @Test
  void aTaskWithoutOptionsTakesTheGridDefaults() {
    TaskCommand task = new TaskCommand();
    new CommandLine(task).parseArgs("--depth", "3");
    assertEquals(Defaults.gridAxis("architecture"), task.architecture);
    assertEquals(Defaults.gridAxis("normalization"), task.normalization);
    assertEquals(Integer.parseInt(Defaults.gridAxis("width")), task.width);
    assertEquals(Double.parseDouble(Defaults.gridAxis("beta")), task.beta);
    assertEquals(Integer.parseInt(Defaults.gridAxis("points")), task.points);
    assertEquals(Integer.parseInt(Defaults.sweep("max-lag")), task.maxLag);
    assertEquals(Defaults.gridAxis("activation"), task.activation);
    assertEquals(Double.parseDouble(Defaults.gridAxis("weight-variance")), task.weightVariance);
    assertEquals(Double.parseDouble(Defaults.gridAxis("bias-variance")), task.biasVariance);
    // the values themselves, as docs/commands.md states them
    assertEquals("feedforward", task.architecture);
    assertEquals("batch", task.normalization);
    assertEquals(200, task.width);
    assertEquals(2.0, task.weightVariance);
  }
}
