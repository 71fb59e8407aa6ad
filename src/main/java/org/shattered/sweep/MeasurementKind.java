package org.shattered.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.shattered.spec.CostModel;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.SweepSpec;

/**
 * Measurement at initialization as a {@link TaskKind}: the tables {@code tasks}, {@code layers}
 * and {@code paths} ({@link ResultSchema}), units of tasks that share their weights
 * ({@link WorkUnit}), the {@link TaskEngine} on the executors.
 *
 * @param engine computes a unit's measurements
 * @param storeGradients whether tasks rows keep the gradient vector
 * @param pathDecomposition whether resnet tasks also split their gradient by path length
 */
public record MeasurementKind(TaskEngine engine, boolean storeGradients, boolean pathDecomposition)
    implements TaskKind<PlannedTask> {

  /** The job of a measurement sweep: its grid, settings and tables. */
  public static SweepJob<PlannedTask> job(SweepSpec sweep, TaskEngine engine) {
    return new SweepJob<>(sweep.name(), sweep.output(), sweep.measurementSettings(), sweep.configHash(),
        sweep.batchSize(), sweep.partitionsPerCore(), sweep.grid().tasks(),
        new MeasurementKind(engine, sweep.storeGradients(), sweep.pathDecomposition()));
  }

  @Override
  public Map<String, StructType> tables() {
    Map<String, StructType> t = new LinkedHashMap<>();
    t.put("tasks", ResultSchema.tasks());
    t.put("layers", ResultSchema.layers());
    t.put("paths", ResultSchema.paths());
    return t;
  }

  @Override
  public String key(PlannedTask task) {
    return task.spec().key().value();
  }

  @Override
  public double seconds(PlannedTask task) {
    return CostModel.seconds(task.spec(), pathDecomposition);
  }

  @Override
  public List<List<PlannedTask>> units(List<PlannedTask> pending, int minUnits) {
    return WorkUnit.of(pending, minUnits).stream().map(WorkUnit::tasks).toList();
  }

  @Override
  public double unitSeconds(List<PlannedTask> unit) {
    return new WorkUnit(unit).seconds(pathDecomposition);
  }

  @Override
  public Executor<PlannedTask> executor(JavaSparkContext jsc, String sweep, Provenance provenance) {
    return new Run(this, sweep, provenance);
  }

  /** Executor side: a unit's outcomes ({@link TaskExecution}) as rows of the three tables. */
  private record Run(MeasurementKind kind, String sweep, Provenance provenance) implements Executor<PlannedTask> {
    @Override
    public List<Done> run(List<PlannedTask> unit, Rows out) throws java.io.IOException {
      List<Done> done = new ArrayList<>();
      for (TaskOutcome o : TaskExecution.run(kind.engine(), new WorkUnit(unit))) {
        out.add("tasks", ResultSchema.taskRow(sweep, o, kind.storeGradients(), provenance, System.currentTimeMillis()));
        for (Row layer : ResultSchema.layerRows(sweep, o)) {
          out.add("layers", layer);
        }
        for (Row path : ResultSchema.pathRows(sweep, o)) {
          out.add("paths", path);
        }
        done.add(new Done(o.ok(), o.millis(), kind.seconds(o.task())));
      }
      return done;
    }
  }
}
