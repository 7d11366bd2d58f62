package dev.mmlake.engine.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The read-ahead queue of one scan task: a minimum of items, then a byte budget. */
class TaskQueueTest {
  @Test
  void takesTheMinimumWhateverTheSizeThenStopsAtTheBudget() throws Exception {
    TaskQueue q = new TaskQueue(2, 100);
    assertThat(q.offer("a", 1_000, 0)).as("first of the minimum, over budget").isTrue();
    assertThat(q.offer("b", 1_000, 0)).as("second of the minimum").isTrue();
    assertThat(q.offer("c", 1, 10)).as("past the minimum and over budget").isFalse();
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.offer("c", 1, 10)).as("back under the minimum").isTrue();
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isEqualTo("c");
  }

  @Test
  void smallItemsQueueWhileTheyFitTheBudget() throws Exception {
    TaskQueue q = new TaskQueue(1, 100);
    int queued = 0;
    while (q.offer(queued, 10, 0)) {
      queued++;
    }
    assertThat(queued).as("one over the minimum, then 10 bytes each up to 100").isEqualTo(10);
    for (int i = 0; i < queued; i++) {
      assertThat(q.take()).as("in order").isEqualTo(i);
    }
  }

  @Test
  void aWaitingReaderGoesOnWhenTheConsumerTakesOrClears() throws Exception {
    TaskQueue q = new TaskQueue(1, 10);
    q.offer("big", 10, 0);
    Thread consumer = new Thread(() -> {
      try {
        Thread.sleep(50);
        q.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    consumer.start();
    assertThat(q.offer("next", 10, 10_000)).as("room once the consumer took one").isTrue();
    consumer.join();
    q.clear();
    assertThat(q.offer("after clear", 10, 0)).isTrue();
    assertThat(q.take()).isEqualTo("after clear");
  }
}
