package org.shattered.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A kind of task a sweep runs (measurement at initialization, training, ...): the one contract
 * between {@link SweepRunner} (planning, batches, commit markers, resume, interruption, progress)
 * and what a task computes and writes. A kind owns its tables and their columns; the runner only
 * knows that the first table has one row per task with the columns {@code key} and {@code status}
 * ({@link TaskOutcome#OK} or {@link TaskOutcome#FAILED}), and that every table is partitioned by
 * {@link ResultSchema#PARTITION}. Its tables must be listed in {@link ResultSchema#TABLES} (the
 * registry the commit, the integrity check and the readers go through).
 *
 * @param <T> one planned task (serializable: tasks are shipped to executors)
 */
public interface TaskKind<T extends Serializable> extends Serializable {

  /** The tables the kind writes, in order, with their schemas; the first is the per-task table. */
  Map<String, StructType> tables();

  /** The per-task table (key, status): what a resumed sweep reads to skip tasks. */
  default String tasksTable() {
    return tables().keySet().iterator().next();
  }

  /** The task's key: a function of its parameters only (the row's identity). */
  String key(T task);

  /** Estimated seconds of the task on one core (plan, partition balance, progress). */
  double seconds(T task);

  /**
   * The units of work of {@code pending} (tasks computed together on one executor), in order; by
   * default one task each. Every pending task is in exactly one unit.
   *
   * @param minUnits units wanted at least, so that every core has work
   */
  default List<List<T>> units(List<T> pending, int minUnits) {
    return pending.stream().map(List::of).toList();
  }

  /** Estimated seconds of a unit computed together; by default the sum of its tasks'. */
  default double unitSeconds(List<T> unit) {
    return unit.stream().mapToDouble(this::seconds).sum();
  }

  /**
   * Driver side, once per sweep, after Spark started: what executors run (broadcasts made here,
   * e.g. a dataset, are shipped once per sweep, not with every task).
   */
  Executor<T> executor(JavaSparkContext jsc, String sweep, Provenance provenance);

  /** Executor side of a kind: computes a unit and writes its rows. */
  interface Executor<T> extends Serializable {
    /**
     * Computes the tasks of {@code unit} and hands each task's rows to {@code out} (a failed task
     * is a row with status failed, never an exception).
     *
     * @return one entry per task of the unit, in order
     */
    List<Done> run(List<T> unit, Rows out) throws IOException;

    /** Driver side, when the sweep ends: releases what {@link TaskKind#executor} made. */
    default void release() {
    }
  }

  /** Where an executor puts rows: table name and a row of that table's schema. */
  @FunctionalInterface
  interface Rows {
    void add(String table, Row row) throws IOException;
  }

  /**
   * What one task cost.
   *
   * @param ok whether it succeeded
   * @param millis its wall time
   * @param seconds its estimated seconds ({@link TaskKind#seconds}), for the progress line
   */
  record Done(boolean ok, double millis, double seconds) implements Serializable {
  }
}
