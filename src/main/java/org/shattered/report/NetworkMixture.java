package org.shattered.report;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.shattered.spec.SpecException;

/**
 * What the report's standard figures assume of the networks in a results directory. Their curves
 * group tasks by {@link ResultViews#KEYS}, which hold neither the activation nor the weight and
 * bias variances, and their theory curves are ReLU's. So a results directory whose tasks differ in
 * those within one group (a sweep over activations that is not a phase diagram) would average
 * different networks into one curve: it is refused, in one line, before anything is written to the
 * page's folder. A directory whose networks are not all ReLU gets no theory figures (the closed forms
 * and the independent-gate limits are ReLU's); its measured curves are drawn as usual.
 */
final class NetworkMixture {
  private NetworkMixture() {
  }

  /** Whether the tasks table records the activation and variances (results of engine 6 and later). */
  private static boolean recorded(SparkSession spark) {
    return Arrays.asList(spark.table("tasks").columns()).containsAll(List.of("activation", "weight_variance",
        "bias_variance"));
  }

  /**
   * Refuses results whose tasks of one curve's group differ in activation, weight variance or bias
   * variance, with a {@link SpecException} naming {@code --results}, one group and what differs.
   */
  static void refuseMixedGroups(SparkSession spark, String results) {
    if (!recorded(spark)) {
      return;
    }
    List<Row> mixed = spark.sql("SELECT " + ResultViews.KEYS + ", sort_array(collect_set(activation)), "
        + "sort_array(collect_set(weight_variance)), sort_array(collect_set(bias_variance))\nFROM tasks\n"
        + "WHERE status = 'ok'\nGROUP BY " + ResultViews.KEYS + "\nHAVING count(DISTINCT activation, weight_variance, "
        + "bias_variance) > 1\nORDER BY " + ResultViews.KEYS + "\nLIMIT 1").collectAsList();
    if (mixed.isEmpty()) {
      return;
    }
    Row r = mixed.get(0);
    int k = ResultViews.KEY_LIST.size();
    StringBuilder group = new StringBuilder();
    for (int i = 0; i < k; i++) {
      if (!r.isNullAt(i)) {
        group.append(group.length() > 0 ? ", " : "").append(ResultViews.KEY_LIST.get(i)).append(' ').append(r.get(i));
      }
    }
    StringBuilder differ = new StringBuilder();
    String[] names = {"activation", "weight_variance", "bias_variance"};
    for (int i = 0; i < 3; i++) {
      List<Object> values = r.getList(k + i);
      if (values.size() > 1) {
        differ.append(differ.length() > 0 ? ", " : "").append(names[i]).append(' ').append(values);
      }
    }
    throw new SpecException("--results", "'" + results + "' mixes networks within one curve (" + group + ": "
        + differ + "); the standard figures do not group by activation or variances, so report each setting from "
        + "a results directory of its own, or sweep a phase diagram (a grid of 2+ weight variances by 2+ bias "
        + "variances on sphere inputs without normalization, jobs/phase.conf)");
  }

  /** Whether every successful task is a ReLU network (true for results that predate the activation column). */
  static boolean allRelu(SparkSession spark) {
    return !recorded(spark) || spark.sql("SELECT count(*) FROM tasks WHERE status = 'ok' AND activation <> 'relu'")
        .first().getLong(0) == 0;
  }
}
