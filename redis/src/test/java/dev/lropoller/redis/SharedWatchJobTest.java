package dev.lropoller.redis;

import static dev.lropoller.redis.SharedWatchRig.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.model.Job;
import dev.lropoller.model.JobState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Vertex AI job watched on three replicas through the fleet: one loop of GETs for the fleet,
 * and every subscriber, owner or follower, receives {@link Job}s ending with the terminal one.
 * Real time, real {@code redis-server}, BlockHound installed.
 */
class SharedWatchJobTest {
  private final SharedWatchRig rig = new SharedWatchRig();

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void threeReplicasWatchingOneJobPollItOnceAndAllSeeItSucceed() {
    int polls = 6;
    List<WatchReplica> three = List.of(rig.replicaOnOwnTransport("a"),
        rig.replicaOnOwnTransport("b"), rig.replicaOnOwnTransport("c"));
    String name = rig.job(polls);

    List<Mono<List<Job>>> watches = new ArrayList<>();
    for (WatchReplica r : three) {
      watches.add(r.watches().watchJob(name).collectList());
    }
    List<List<Job>> seen = Flux.merge(watches).collectList().block(SAFETY);

    assertThat(seen).hasSize(3).allSatisfy(jobs -> {
      assertThat(jobs).isNotEmpty().allMatch(job -> job.name().equals(name));
      assertThat(jobs.get(jobs.size() - 1).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(jobs.subList(0, jobs.size() - 1)).allMatch(job -> job.state() == JobState.RUNNING);
    });
    assertThat(rig.gets(name)).as("GETs of the job by three replicas together").isEqualTo(polls);
  }

  @Test
  void anOperationNameIsNotAJobAndTheErrorQuotesIt() {
    WatchReplica a = rig.replica("a");
    String operation = "projects/p/locations/us-central1/operations/42";

    assertThatThrownBy(() -> a.watches().watchJob(operation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + operation + "'");
  }
}
