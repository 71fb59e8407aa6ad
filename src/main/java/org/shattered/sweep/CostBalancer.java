package org.shattered.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.shattered.spec.PlannedTask;

/**
 * Spreads tasks (or units of work) over partitions so that each partition's estimated cost is about
 * the same: longest task first, each into the currently cheapest partition (LPT). The
 * result depends only on the tasks and their order, and affects only scheduling, never results.
 */
public final class CostBalancer {
  private CostBalancer() {
  }

  /** At most {@code partitions} non-empty groups of {@code tasks}, balanced by {@link org.shattered.spec.TaskSpec#cost()}. */
  public static List<List<PlannedTask>> partition(List<PlannedTask> tasks, int partitions) {
    return partition(tasks, t -> t.spec().cost(), partitions);
  }

  /** At most {@code partitions} non-empty groups of {@code items}, balanced by {@code cost}. */
  public static <T> List<List<T>> partition(List<T> tasks, java.util.function.ToDoubleFunction<T> cost,
      int partitions) {
    int n = Math.max(1, Math.min(partitions, tasks.size()));
    List<List<T>> groups = new ArrayList<>();
    double[] load = new double[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    PriorityQueue<Integer> cheapest = new PriorityQueue<>(
        Comparator.<Integer>comparingDouble(i -> load[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) {
      cheapest.add(i);
    }
    double[] costs = tasks.stream().mapToDouble(cost).toArray(); // once each: a unit's cost is a loop
    List<Integer> order = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> costs[i]).reversed()); // stable: ties keep their order
    for (int i : order) {
      int g = cheapest.poll();
      groups.get(g).add(tasks.get(i));
      load[g] += costs[i];
      cheapest.add(g);
    }
    groups.removeIf(List::isEmpty);
    return groups;
  }
}
