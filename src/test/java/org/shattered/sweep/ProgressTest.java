package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The remaining time weights tasks by their estimated cost, not by their number. */
class ProgressTest {

  @Test
  void cheapTasksDoneFirstDoNotPromiseAnEarlyEnd() {
    // 90 cheap tasks (1 s each, estimated) done in 90 s; 10 expensive ones (100 s each) remain
    double byCost = Progress.remainingSeconds(90, 90, 100, 90 * 1.0, 90 * 1.0 + 10 * 100.0);
    assertEquals(1000, byCost, 1e-9);
    double byCount = 90.0 / 90 * 10;
    assertTrue(byCost > 50 * byCount, "by count it would say " + byCount + " s");
  }

  @Test
  void edges() {
    assertEquals(0, Progress.remainingSeconds(5, 10, 10, 3, 3));
    assertTrue(Double.isNaN(Progress.remainingSeconds(5, 0, 10, 0, 3)));
    // without a cost estimate it falls back to the task count
    assertEquals(10, Progress.remainingSeconds(10, 5, 10, 0, 0), 1e-12);
  }

  @Test
  void slowTasksShowTheTimePerTaskNotZeroTasksPerSecond() {
    assertEquals("12.5 tasks/s", Progress.rate(8, 100));
    assertEquals("0.1 tasks/s", Progress.rate(10, 1));
    assertEquals("2m30s per task", Progress.rate(300, 2));
    assertEquals("0 tasks done", Progress.rate(300, 0));
  }
}
