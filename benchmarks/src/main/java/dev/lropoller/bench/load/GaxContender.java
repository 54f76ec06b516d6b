package dev.lropoller.bench.load;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.automl.v1.AutoMlClient;
import com.google.cloud.automl.v1.AutoMlSettings;
import com.google.cloud.automl.v1.OperationMetadata;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Empty;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Google's own AutoML client (gax HTTP/JSON, default transport and executor): each operation
 * resumed by name with {@code importDataOperationCallable().resumeFutureCall(name)}, polled by
 * an {@link OperationTimedPollAlgorithm} with initial = max delay = interval, multiplier 1, no
 * jitter, total timeout beyond the deadline; all futures awaited. gax sends the first GET at
 * once on resume (not one interval later), so it reaches done one interval sooner in wall time.
 */
final class GaxContender implements Contender {
  private AutoMlClient client;

  @Override
  public String id() {
    return "gax";
  }

  @Override
  public void prepare(URI endpoint, Scenario scenario) throws Exception {
    RetrySettings polling = RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(scenario.interval())
        .setRetryDelayMultiplier(1.0)
        .setMaxRetryDelayDuration(scenario.interval())
        .setJittered(false)
        .setInitialRpcTimeoutDuration(java.time.Duration.ZERO)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(java.time.Duration.ZERO)
        .setTotalTimeoutDuration(scenario.deadline().plusMinutes(1))
        .build();
    AutoMlSettings.Builder settings = AutoMlSettings.newHttpJsonBuilder()
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setEndpoint(endpoint.toString());
    settings.importDataOperationSettings()
        .setPollingAlgorithm(OperationTimedPollAlgorithm.create(polling));
    client = AutoMlClient.create(settings.build());
  }

  @Override
  public void watchAll(List<String> names, Scenario scenario, Outcomes out)
      throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(names.size());
    List<OperationFuture<Empty, OperationMetadata>> futures = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      OperationFuture<Empty, OperationMetadata> f =
          client.importDataOperationCallable().resumeFutureCall(names.get(i));
      futures.add(f);
      ApiFutures.addCallback(f, new ApiFutureCallback<Empty>() {
        @Override
        public void onSuccess(Empty result) {
          out.completed(index);
          settled.countDown();
        }

        @Override
        public void onFailure(Throwable t) {
          out.failed(index, t);
          settled.countDown();
        }
      }, MoreExecutors.directExecutor());
    }
    if (!settled.await(scenario.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
      out.deadlinePassed("deadline " + scenario.deadline() + " passed");
      futures.forEach(f -> f.cancel(true));
    }
  }

  @Override
  public String describe() {
    return "gax: google-cloud-automl 2.60.0 AutoMlClient over HTTP/JSON, default executor, "
        + "resumeFutureCall(name), OperationTimedPollAlgorithm(initial=max=interval, x1, no jitter)";
  }

  @Override
  public void close() throws InterruptedException {
    if (client != null) {
      client.shutdownNow();
      client.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
