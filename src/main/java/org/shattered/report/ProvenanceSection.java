package org.shattered.report;

import java.util.List;

/**
 * The provenance section of a report: what the report says about where its numbers come from (the
 * sweep's provenance rows from the tasks table, the identity file of the results directory, and the
 * commands that reproduce it). What a sweep records about its own run is
 * {@link org.shattered.sweep.Provenance}.
 *
 * @param sql the query of the provenance table
 * @param table one row per run of the sweep
 * @param sweepIdentity the text of DIR/_sweep.properties ("" when absent)
 * @param sweepLines the shell lines that ran the sweep (comment lines start with #), from the run records
 * @param reportCommand the command that wrote this report
 * @param runs one row per recorded run of the sweep (empty for a directory without run records)
 */
public record ProvenanceSection(String sql, Table table, String sweepIdentity, List<String> sweepLines, String reportCommand,
    Table runs) {

  /** The section's heading, on the page and in the notebook. */
  public static final String TITLE = "Provenance";

  /** The commands that reproduce the report, one per line: the sweep's, then the report's. */
  public String reproduce() {
    return String.join("\n", sweepLines) + "\n" + reportCommand;
  }

  /** The provenance query. */
  public static final String SQL = "SELECT sweep, run_id, project_version, git_commit, config_hash, spark_version,"
      + " nd4j_version, jvm,\n  count(*) AS tasks, sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) AS ok,\n"
      + "  min(finished_at) AS first_finished, max(finished_at) AS last_finished, sum(millis) / 1000 AS task_seconds\n"
      + "FROM tasks\nGROUP BY sweep, run_id, project_version, git_commit, config_hash, spark_version, nd4j_version, jvm\n"
      + "ORDER BY run_id";
}
