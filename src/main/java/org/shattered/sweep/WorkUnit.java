package org.shattered.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shattered.measure.GroupMeasurer;
import org.shattered.spec.CostModel;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.TaskSpec;

/**
 * The unit of work on Spark: pending tasks that share their weights (same architecture, width,
 * seed, input dimension and precision), computed together on one executor by
 * {@code GroupMeasurer} (weights drawn once, one forward pass per chain of depths). Only pending
 * tasks are in a unit, so a resumed sweep computes and writes exactly the missing rows; their
 * numbers do not depend on which other tasks share the unit.
 *
 * @param tasks the unit's tasks, in planned order
 */
public record WorkUnit(List<PlannedTask> tasks) implements java.io.Serializable {

  public WorkUnit {
    tasks = List.copyOf(tasks);
  }

  /**
   * The units of {@code pending}, in the order of their first task: one per set of shared weights;
   * when that gives fewer than {@code minUnits} units (a grid of few seeds), one per chain (tasks
   * that differ only in depth) instead, so that every core has work.
   */
  public static List<WorkUnit> of(List<PlannedTask> pending, int minUnits) {
    List<WorkUnit> byWeights = group(pending, t -> t.spec().weightsIdentity() + ";" + t.spec().precision());
    if (byWeights.size() >= minUnits) {
      return byWeights;
    }
    return group(pending, t -> GroupMeasurer.chainKey(t.spec()));
  }

  private static List<WorkUnit> group(List<PlannedTask> pending, java.util.function.Function<PlannedTask, Object> key) {
    Map<Object, List<PlannedTask>> units = new LinkedHashMap<>();
    for (PlannedTask t : pending) {
      units.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
    }
    return units.values().stream().map(WorkUnit::new).toList();
  }

  /** The number of tasks (rows) in the unit. */
  public int size() {
    return tasks.size();
  }

  /** The tasks' specs, in order. */
  public List<TaskSpec> specs() {
    return tasks.stream().map(PlannedTask::spec).toList();
  }

  /**
   * Estimated core-seconds of the unit computed together: a chain of depths computed in one pass
   * costs its deepest task, every other task its own cost ({@link CostModel}). Used to balance
   * partitions.
   */
  public double seconds(boolean pathDecomposition) {
    Map<TaskSpec, Double> deepest = new LinkedHashMap<>();
    double alone = 0;
    for (PlannedTask t : tasks) {
      TaskSpec s = t.spec();
      double cost = CostModel.seconds(s, pathDecomposition);
      if (GroupMeasurer.onePass(s, pathDecomposition)) {
        deepest.merge(GroupMeasurer.chainKey(s), cost, Math::max);
      } else {
        alone += cost;
      }
    }
    return alone + deepest.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
