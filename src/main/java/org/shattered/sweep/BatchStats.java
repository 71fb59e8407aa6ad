package org.shattered.sweep;

import java.util.List;

/**
 * Counts of one batch (or one partition of it), from the outcomes its tasks returned (not from
 * accumulators, which a recomputed partition would count twice).
 *
 * @param ok rows with status ok
 * @param failed rows with status failed
 * @param taskMillis sum of the rows' task times
 */
public record BatchStats(long ok, long failed, double taskMillis) implements java.io.Serializable {

  static BatchStats sum(List<BatchStats> parts) {
    BatchStats s = new BatchStats(0, 0, 0);
    for (BatchStats p : parts) {
      s = new BatchStats(s.ok() + p.ok(), s.failed() + p.failed(), s.taskMillis() + p.taskMillis());
    }
    return s;
  }
}
