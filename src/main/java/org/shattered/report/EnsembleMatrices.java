package org.shattered.report;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ensemble covariance and correlation matrices of the gradient across seeds (P x P, centred over
 * seeds, sample covariance), computed on the executors from one group's gradients
 * ({@link AggregateQueries#gradientsByGroup()}). Emits the upper triangle q &gt;= p as rows
 * (group keys, p, q, covariance, correlation); the matrix is symmetric.
 */
public final class EnsembleMatrices implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private static final int KEYS = ResultViews.KEY_LIST.size();

  /** The output schema: the group keys, then p, q, covariance, correlation. */
  public static StructType schema() {
    return new StructType().add("architecture", DataTypes.StringType).add("normalization", DataTypes.StringType)
        .add("width", DataTypes.IntegerType).add("depth", DataTypes.IntegerType)
        .add("beta_rule", DataTypes.StringType).add("points", DataTypes.IntegerType)
        .add("precision", DataTypes.StringType).add("gradient_mode", DataTypes.StringType)
        .add("p", DataTypes.IntegerType).add("q", DataTypes.IntegerType)
        .add("covariance", DataTypes.DoubleType).add("correlation", DataTypes.DoubleType);
  }

  @Override
  public Iterator<Row> call(Row group) {
    List<double[]> gs = new ArrayList<>();
    for (Object o : group.getList(KEYS)) {
      List<?> g = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) o);
      gs.add(g.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
    }
    double[][] cov = covariance(gs.toArray(new double[0][]));
    List<Row> out = new ArrayList<>();
    int n = cov.length;
    for (int p = 0; p < n; p++) {
      for (int q = p; q < n; q++) {
        Object[] v = new Object[KEYS + 4];
        for (int i = 0; i < KEYS; i++) {
          v[i] = group.get(i);
        }
        v[KEYS] = p;
        v[KEYS + 1] = q;
        v[KEYS + 2] = cov[p][q];
        double d = Math.sqrt(cov[p][p] * cov[q][q]);
        v[KEYS + 3] = d > 0 ? cov[p][q] / d : Double.NaN;
        out.add(RowFactory.create(v));
      }
    }
    return out.iterator();
  }

  /** The sample covariance (divisor S - 1) over seeds of gradients g[s][p]; NaN with one seed. */
  public static double[][] covariance(double[][] g) {
    int s = g.length;
    int n = g[0].length;
    double[] mean = new double[n];
    for (double[] row : g) {
      for (int p = 0; p < n; p++) {
        mean[p] += row[p] / s;
      }
    }
    double[][] c = new double[n][n];
    for (double[] row : g) {
      for (int p = 0; p < n; p++) {
        double dp = row[p] - mean[p];
        for (int q = p; q < n; q++) {
          c[p][q] += dp * (row[q] - mean[q]);
        }
      }
    }
    for (int p = 0; p < n; p++) {
      for (int q = p; q < n; q++) {
        c[p][q] /= (s - 1);
        c[q][p] = c[p][q];
      }
    }
    return c;
  }
}
