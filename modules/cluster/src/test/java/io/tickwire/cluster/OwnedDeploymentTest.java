package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.OwnedDeployment;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Work done once per cluster")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OwnedDeploymentTest {

  /** Stands for the chain monitor: counts its starts, wherever it runs. */
  static final class Worker extends VerticleBase {
    final CountDownLatch[] starts;

    Worker(CountDownLatch... starts) {
      this.starts = starts;
    }

    @Override
    public Future<?> start() {
      for (CountDownLatch latch : starts) {
        latch.countDown();
      }
      return Future.succeededFuture();
    }
  }

  @Test
  @DisplayName("runs on exactly one member, and on one survivor within 5 s after that member dies")
  void runsOnceAndFailsOver() throws Exception {
    try (TestCluster cluster = new TestCluster(3)) {
      List<OwnedDeployment> owned = new ArrayList<>();
      CountDownLatch firstStart = new CountDownLatch(1);
      CountDownLatch secondStart = new CountDownLatch(2);
      for (TestCluster.Member member : cluster.members) {
        OwnedDeployment deployment = new OwnedDeployment(member.cluster.ownership(),
            "transactions.chain", () -> new Worker(firstStart, secondStart));
        Await.result(member.cluster.vertx().deployVerticle(deployment));
        owned.add(deployment);
      }
      assertThat(firstStart.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(owned.stream().filter(OwnedDeployment::running).count()).isEqualTo(1);
      int runner = owned.indexOf(owned.stream().filter(OwnedDeployment::running).findFirst()
          .orElseThrow());
      long killedAt = System.nanoTime();
      cluster.member(runner).kill();
      assertThat(secondStart.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(System.nanoTime() - killedAt).isLessThan(TimeUnit.SECONDS.toNanos(5));
      List<OwnedDeployment> survivors = new ArrayList<>(owned);
      survivors.remove(runner);
      cluster.settle(10);
      assertThat(survivors.stream().filter(OwnedDeployment::running).count()).isEqualTo(1);
    }
  }
}
