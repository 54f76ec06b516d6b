package dev.lropoller.bench.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/** The benchmark's wheel scheduler: a cancelled far timer is disposed and never runs. */
class WheelTimerSchedulerTest {

  @Test
  void cancelledTimerIsDisposedAndDoesNotRun() {
    WheelTimerScheduler wheel = new WheelTimerScheduler(10, 64, Schedulers.immediate());
    try {
      AtomicBoolean ran = new AtomicBoolean();
      Disposable far = wheel.schedule(() -> ran.set(true), 1, TimeUnit.HOURS);
      assertThat(far.isDisposed()).isFalse();

      far.dispose();

      assertThat(far.isDisposed()).isTrue();
      assertThat(ran).isFalse();
    } finally {
      wheel.dispose();
    }
  }
}
