package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.Ownership;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Ownership of keys")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OwnershipTest {

  static final List<String> KEYS = IntStream.range(0, 200).mapToObj(i -> "prices.SYM" + i + "-USD")
      .toList();

  @Test
  @DisplayName("gives every key to exactly one member, and to exactly one survivor within 5 s of a member's death")
  void oneOwnerEach() throws Exception {
    try (TestCluster cluster = new TestCluster(3)) {
      assertOneOwner(cluster.members.stream().map(m -> m.cluster.ownership()).toList());
      CountDownLatch changed = new CountDownLatch(2);
      cluster.member(0).cluster.ownership().onChange(changed::countDown);
      cluster.member(2).cluster.ownership().onChange(changed::countDown);
      long killedAt = System.nanoTime();
      cluster.member(1).kill();
      assertThat(changed.await(5, TimeUnit.SECONDS)).isTrue();
      List<Ownership> survivors = List.of(cluster.member(0).cluster.ownership(),
          cluster.member(2).cluster.ownership());
      cluster.settle(5);
      assertThat(System.nanoTime() - killedAt).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertOneOwner(survivors);
    }
  }

  private static void assertOneOwner(List<Ownership> members) {
    for (String key : KEYS) {
      assertThat(members.stream().filter(member -> member.owns(key)).count())
          .as("owners of %s", key).isEqualTo(1);
    }
    assertThat(members).allSatisfy(member ->
        assertThat(KEYS.stream().filter(member::owns).count()).isPositive());
  }
}
