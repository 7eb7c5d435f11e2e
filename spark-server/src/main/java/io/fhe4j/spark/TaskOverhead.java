package io.fhe4j.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's own time per task, from the task metrics every finished task reports: deserializing the
 * task on the executor (its operand bytes included), serializing its result, and the rest of the
 * task's duration outside the executor's run (scheduling, shipping the task and the result: the
 * Spark UI's scheduler delay). Milliseconds, summed over tasks; updated on Spark's listener thread,
 * so a total read right after a job may lack its last tasks. Thread-safe.
 */
final class TaskOverhead extends SparkListener {
  final AtomicLong tasks = new AtomicLong();
  final AtomicLong deserializeMs = new AtomicLong();
  final AtomicLong resultSerializeMs = new AtomicLong();
  final AtomicLong schedulerDelayMs = new AtomicLong();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    TaskMetrics m = e.taskMetrics();
    if (m == null || !e.taskInfo().successful()) {
      return;
    }
    tasks.incrementAndGet();
    deserializeMs.addAndGet(m.executorDeserializeTime());
    resultSerializeMs.addAndGet(m.resultSerializationTime());
    schedulerDelayMs.addAndGet(Math.max(0, e.taskInfo().duration() - m.executorRunTime()
        - m.executorDeserializeTime() - m.resultSerializationTime()));
  }
}
