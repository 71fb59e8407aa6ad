package org.shattered.sweep;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Which Spark jobs still have tasks running. A cancelled job's future fails as soon as Spark decides
 * to cancel it, while its tasks may still be writing (they stop at the next unit); an interrupted
 * sweep waits here until they ended before it commits what they wrote. Spark posts a job's task starts
 * before its end, so once a job ended and its running count is zero, no task of it writes any more.
 */
final class RunningTasks extends SparkListener {
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, Integer> running = new HashMap<>();
  private final Set<Integer> ended = new HashSet<>();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    scala.collection.Iterator<Object> it = start.stageIds().iterator();
    while (it.hasNext()) {
      jobOfStage.put((Integer) it.next(), start.jobId());
    }
    running.putIfAbsent(start.jobId(), 0);
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    ended.add(end.jobId());
    notifyAll();
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart start) {
    Integer job = jobOfStage.get(start.stageId());
    if (job != null) {
      running.merge(job, 1, Integer::sum);
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    Integer job = jobOfStage.get(end.stageId());
    if (job != null) {
      running.merge(job, -1, Integer::sum);
      notifyAll();
    }
  }

  /**
   * Waits until every job of {@code jobs} ended and has no task running, at most {@code millis}.
   *
   * @return whether they did
   */
  synchronized boolean awaitIdle(Iterable<Integer> jobs, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      boolean idle = true;
      for (int j : jobs) {
        idle &= ended.contains(j) && running.getOrDefault(j, 0) <= 0;
      }
      long left = deadline - System.currentTimeMillis();
      if (idle || left <= 0) {
        return idle;
      }
      wait(Math.min(left, 200));
    }
  }
}
