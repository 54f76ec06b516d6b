package dev.lropoller.bench.vertex;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.aiplatform.v1.GetTrainingPipelineRequest;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.TrainingPipeline;
import com.google.common.util.concurrent.MoreExecutors;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The loop a user writes around gax's GetTrainingPipeline ({@link TrainingPipelineGet}, one per
 * location's endpoint): GET at once, and while the pipeline is not in an end state, sleep the
 * next delay of its {@link DelaySource} and GET again. The sleeps are timers on the driver's
 * virtual scheduler instead of {@code Thread.sleep}; the GETs are gax's, real, over loopback
 * ({@code futureCall}: the same request as the blocking {@code call}).
 */
final class LoopLagContender implements LagContender {
  private final String label;
  private final Supplier<DelaySource> delays;
  private final Map<String, TrainingPipelineGet> gets = new HashMap<>();

  /**
   * A loop contender.
   *
   * @param label the row label
   * @param delays a new delay sequence per loop
   */
  LoopLagContender(String label, Supplier<DelaySource> delays) {
    this.label = label;
    this.delays = delays;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public void start(VirtualDriver driver, List<LagRuns.Run> runs, List<String> names,
      Map<String, URI> endpoints, LagLedger ledger) throws Exception {
    for (Map.Entry<String, URI> e : endpoints.entrySet()) {
      gets.put(e.getKey(), new TrainingPipelineGet(e.getValue()));
    }
    for (int i = 0; i < names.size(); i++) {
      new Loop(driver, ledger, i, names.get(i), gets.get(runs.get(i).location()), delays.get()).poll();
    }
  }

  /** One run's loop. */
  private static final class Loop {
    private final VirtualDriver driver;
    private final LagLedger ledger;
    private final int index;
    private final GetTrainingPipelineRequest request;
    private final TrainingPipelineGet get;
    private final DelaySource delays;

    Loop(VirtualDriver driver, LagLedger ledger, int index, String name, TrainingPipelineGet get,
        DelaySource delays) {
      this.driver = driver;
      this.ledger = ledger;
      this.index = index;
      this.request = GetTrainingPipelineRequest.newBuilder().setName(name).build();
      this.get = get;
      this.delays = delays;
    }

    void poll() {
      driver.sent();
      ApiFutures.addCallback(get.callable().futureCall(request), new ApiFutureCallback<TrainingPipeline>() {
        @Override
        public void onSuccess(TrainingPipeline p) {
          PipelineState s = p.getState();
          if (s == PipelineState.PIPELINE_STATE_SUCCEEDED || s == PipelineState.PIPELINE_STATE_FAILED
              || s == PipelineState.PIPELINE_STATE_CANCELLED) {
            ledger.seen(index, s.name().substring("PIPELINE_STATE_".length()), driver.elapsedNanos());
          } else {
            driver.scheduler().schedule(Loop.this::poll, delays.nextNanos(), TimeUnit.NANOSECONDS);
          }
          driver.answered();
        }

        @Override
        public void onFailure(Throwable t) {
          ledger.failed(index, t);
          driver.answered();
        }
      }, MoreExecutors.directExecutor());
    }
  }

  @Override
  public void close() throws Exception {
    for (TrainingPipelineGet g : gets.values()) {
      g.close();
    }
  }
}
