package org.shattered.measure;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Where two measurements of the same task differ: every component compared, doubles and double
 * arrays bit for bit (NaN equal to NaN), except the timing ({@code millis}). The bench and the tests
 * use it to check that computing tasks together changes no number.
 */
public final class MeasurementDifference {
  private MeasurementDifference() {
  }

  /** The path of the first differing component (e.g. ".layers[3].coactivation"), or null when equal. */
  public static String of(Measurement a, Measurement b) {
    return difference(a, b, "");
  }

  private static String difference(Object a, Object b, String where) {
    if (a == null || b == null) {
      return a == b ? null : where;
    }
    if (a instanceof double[] x) {
      return Arrays.equals(x, (double[]) b) ? null : where;
    }
    if (a instanceof Double x) {
      return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits((Double) b) ? null : where;
    }
    if (a instanceof List<?> x) {
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return where + " size";
      }
      for (int i = 0; i < x.size(); i++) {
        String d = difference(x.get(i), y.get(i), where + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (a instanceof Record) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        if (c.getName().equals("millis")) {
          continue;
        }
        try {
          String d = difference(c.getAccessor().invoke(a), c.getAccessor().invoke(b), where + "." + c.getName());
          if (d != null) {
            return d;
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return null;
    }
    return a.equals(b) ? null : where;
  }
}
