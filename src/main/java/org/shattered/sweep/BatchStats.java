package org.shattered.sweep;

import org.apache.spark.api.java.JavaRDD;

/**
 * Counts of one batch, from its rows (not from accumulators, which a recomputed partition would
 * count twice).
 *
 * @param ok rows with status ok
 * @param failed rows with status failed
 * @param taskMillis sum of the rows' task times
 */
public record BatchStats(long ok, long failed, double taskMillis) implements java.io.Serializable {

  static BatchStats of(JavaRDD<SweepRunner.TaskRows> rows) {
    return rows.aggregate(new BatchStats(0, 0, 0),
        (acc, r) -> new BatchStats(acc.ok() + (r.ok() ? 1 : 0), acc.failed() + (r.ok() ? 0 : 1),
            acc.taskMillis() + r.millis()),
        (a, b) -> new BatchStats(a.ok() + b.ok(), a.failed() + b.failed(), a.taskMillis() + b.taskMillis()));
  }

}
