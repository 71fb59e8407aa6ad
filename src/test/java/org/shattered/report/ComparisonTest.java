package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Welch interval of a difference of means against the textbook formula worked by hand. */
class ComparisonTest {

  @Test
  void welchHalfWidthMatchesTheFormula() {
    // sd 1, n 10 each: se = sqrt(0.2), nu = 0.04 / (2 * 0.01 / 9) = 18, t_{0.975,18} = 2.1009
    assertEquals(2.1009 * Math.sqrt(0.2), Comparison.welch(new Comparison.Stat(10, 0, 0, 1),
        new Comparison.Stat(10, 0, 0, 1)), 1e-3);
    // unequal: sd 2 (n 5) and 1 (n 20): va = 0.8, vb = 0.05, nu = 0.7225 / (0.16 + 0.000131579) = 4.51 -> 4
    assertEquals(2.7764 * Math.sqrt(0.85), Comparison.welch(new Comparison.Stat(5, 0, 0, 2),
        new Comparison.Stat(20, 0, 0, 1)), 1e-3);
    assertEquals(Double.NaN, Comparison.welch(new Comparison.Stat(1, 0, 0, 0), new Comparison.Stat(5, 0, 0, 1)));
  }
}
