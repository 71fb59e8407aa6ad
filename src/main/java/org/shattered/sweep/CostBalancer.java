package org.shattered.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.shattered.spec.PlannedTask;

/**
 * Spreads tasks over partitions so that each partition's estimated cost (depth x width^2 x points)
 * is about the same: longest task first, each into the currently cheapest partition (LPT). The
 * result depends only on the tasks and their order, and affects only scheduling, never results.
 */
public final class CostBalancer {
  private CostBalancer() {
  }

  /** At most {@code partitions} non-empty groups of {@code tasks}. */
  public static List<List<PlannedTask>> partition(List<PlannedTask> tasks, int partitions) {
    int n = Math.max(1, Math.min(partitions, tasks.size()));
    List<List<PlannedTask>> groups = new ArrayList<>();
    double[] load = new double[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    PriorityQueue<Integer> cheapest = new PriorityQueue<>(
        Comparator.<Integer>comparingDouble(i -> load[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) {
      cheapest.add(i);
    }
    List<PlannedTask> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingDouble((PlannedTask t) -> t.spec().cost()).reversed());
    for (PlannedTask t : sorted) {
      int g = cheapest.poll();
      groups.get(g).add(t);
      load[g] += t.spec().cost();
      cheapest.add(g);
    }
    groups.removeIf(List::isEmpty);
    return groups;
  }
}
