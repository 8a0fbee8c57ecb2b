package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A name server for tests: host names of the test's own answer the addresses it sets, and may
 * be changed between lookups (as a rebinding attacker's DNS does); every other name goes to the
 * system's resolver. Counts the lookups of each name. Thread-safe.
 */
final class Names {

  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  /** From now on, {@code host} resolves to {@code addresses} (literal IPv4 or IPv6). */
  void answer(String host, String... addresses) {
    List<InetAddress> resolved = new ArrayList<>();
    for (String address : addresses) {
      InetAddress literal = WebhookPolicy.literal(address);
      if (literal == null) {
        throw new IllegalArgumentException(address + " is not a literal address");
      }
      resolved.add(literal);
    }
    answers.put(host, List.copyOf(resolved));
  }

  /** How often {@code host} was looked up. */
  int lookups(String host) {
    return lookups.computeIfAbsent(host, ignored -> new AtomicInteger()).get();
  }

  /** The resolvers the node's verticles make: these answers, else the system's. */
  Function<Vertx, HostResolver> resolvers() {
    return vertx -> {
      HostResolver system = HostResolver.system(vertx);
      return host -> {
        lookups.computeIfAbsent(host, ignored -> new AtomicInteger()).incrementAndGet();
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
          return system.resolve(host);
        }
        return answer.isEmpty() ? Future.failedFuture(new UnknownHostException(host))
            : Future.succeededFuture(answer);
      };
    };
  }
}
