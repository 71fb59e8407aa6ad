package org.shattered.sweep;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts of one batch, from its rows (not from accumulators, which a recomputed partition would
 * count twice).
 *
 * @param ok rows with status ok
 * @param failed rows with status failed
 * @param taskMillis sum of the rows' task times
 */
public record BatchStats(long ok, long failed, double taskMillis) {

  static BatchStats of(Dataset<Row> tasks) {
    long ok = 0;
    long failed = 0;
    double millis = 0;
    for (Row r : tasks.groupBy("status").agg(functions.count("*"), functions.sum("millis")).collectAsList()) {
      long n = r.getLong(1);
      if (TaskOutcome.OK.equals(r.getString(0))) {
        ok += n;
      } else {
        failed += n;
      }
      millis += r.isNullAt(2) ? 0 : r.getDouble(2);
    }
    return new BatchStats(ok, failed, millis);
  }
}
