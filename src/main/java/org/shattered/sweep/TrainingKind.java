package org.shattered.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.shattered.data.FashionMnist;
import org.shattered.spec.TrainingAxes;
import org.shattered.train.TrainCost;
import org.shattered.train.TrainResult;
import org.shattered.train.TrainTask;
import org.shattered.train.Trainer;
import org.shattered.train.TrainingData;
import org.shattered.train.TrainingSweep;

/**
 * Training as a {@link TaskKind} (docs/training.md): one task per unit, the tables of
 * {@link TrainingSchema}, the dataset broadcast once per sweep as the raw bytes of its IDX files
 * (55 MB for Fashion-MNIST; each executor fits the scaling itself, which is exact and
 * order-free). A task's numbers depend only on its parameters and the data
 * ({@link Trainer}), so they are bit-identical however the grid is partitioned or resumed.
 *
 * @param data the dataset, read and checked on the driver before Spark starts
 */
public record TrainingKind(FashionMnist data) implements TaskKind<TrainTask> {

  /** The job of a training sweep (its tasks checked against the data: no batch above the training set). */
  public static SweepJob<TrainTask> job(TrainingAxes axes, FashionMnist data) {
    List<TrainTask> tasks = TrainingSweep.tasks(axes);
    TrainingSweep.checkBatches(tasks, data);
    return new SweepJob<>(axes.name(), axes.output(), TrainingSweep.settings(data), axes.configHash(),
        axes.commitBatch(), axes.partitionsPerCore(), tasks, new TrainingKind(data));
  }

  @Override
  public Map<String, StructType> tables() {
    Map<String, StructType> t = new LinkedHashMap<>();
    t.put(TrainingSchema.TASKS, TrainingSchema.tasks());
    t.put(TrainingSchema.CHECKPOINTS, TrainingSchema.checkpoints());
    return t;
  }

  @Override
  public String key(TrainTask task) {
    return task.key();
  }

  @Override
  public double seconds(TrainTask task) {
    return TrainCost.seconds(task.spec());
  }

  @Override
  public Executor<TrainTask> executor(JavaSparkContext jsc, String sweep, Provenance provenance) {
    return new Run(jsc.broadcast(data), sweep, provenance);
  }

  /** Executor side: trains each task of a unit and writes its rows. */
  private static final class Run implements Executor<TrainTask> {
    private static final long serialVersionUID = 1L;
    private static final String HOST = Provenance.host();
    private final Broadcast<FashionMnist> data;
    private final String sweep;
    private final Provenance provenance;
    /** The training data of this deserialized copy (one per Spark task), made on first use. */
    private transient TrainingData prepared;

    Run(Broadcast<FashionMnist> data, String sweep, Provenance provenance) {
      this.data = data;
      this.sweep = sweep;
      this.provenance = provenance;
    }

    @Override
    public List<Done> run(List<TrainTask> unit, Rows out) throws java.io.IOException {
      if (prepared == null) {
        prepared = TrainingData.of(data.value());
      }
      List<Done> done = new ArrayList<>();
      for (TrainTask task : unit) {
        long start = System.nanoTime();
        TrainResult result = null;
        String error = null;
        try {
          result = Trainer.run(task.spec(), prepared);
        } catch (RuntimeException e) {
          // a deterministic failure is a row, not a Spark retry (errors such as out of memory are retried)
          error = e.getClass().getName() + ": " + e.getMessage();
        }
        double millis = result != null ? result.millis() : (System.nanoTime() - start) / 1e6;
        out.add(TrainingSchema.TASKS, TrainingSchema.taskRow(sweep, task, result, error, millis, provenance, HOST,
            System.currentTimeMillis()));
        for (Row r : TrainingSchema.checkpointRows(sweep, task, result)) {
          out.add(TrainingSchema.CHECKPOINTS, r);
        }
        done.add(new Done(result != null, millis, TrainCost.seconds(task.spec())));
      }
      return done;
    }

    @Override
    public void release() {
      data.unpersist();
    }
  }
}
