package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoincidentTest {

  private static Charts.Curve c(double... y) {
    double[] x = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x[i] = i + 1;
    }
    return new Charts.Curve("c", x, y, null, null, false, 0);
  }

  @Test
  void identicalCurvesAreFoundAndDistinctOnesAreNot() {
    double step = 253.0 / 256;
    List<Charts.Curve> curves = List.of(c(step, step, step), c(0.9, 0.5, 0.1), c(step, step, step),
        c(0.9, 0.5, 0.12), c(step, step, step));
    assertArrayEquals(new int[] {-1, -1, 0, -1, 0}, Coincident.earlier(curves));
  }

  @Test
  void curvesAtANoiseFloorAreNotDrawnAsOne() {
    // 1e-4 against 3e-4: close on a range of 1, but a factor of 3 apart on a log axis
    List<Charts.Curve> curves = List.of(c(1, 0.5, 1e-4, 2e-4), c(1, 0.5, 3e-4, 1e-4));
    assertArrayEquals(new int[] {-1, -1}, Coincident.earlier(curves));
  }
}
