package io.tickwire.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.config.AdminConfig;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.Channels;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.runtime.Ownership;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeSet;

/**
 * The node's side of the admin console: publishes the node's load on
 * {@link Addresses#ADMIN_REPORTS} every {@code admin.reportIntervalMs} (and a goodbye when it
 * stops), keeps the reports of every member in the node's {@link AdminBoard}, and answers
 * {@link Addresses#adminNode(String)} with the node's connections by user and its channels.
 * Config: {@code admin}. One instance per node, deployed only when {@code admin.enabled}; runs on
 * its own event loop, and gathers the gateway instances' views on theirs.
 */
public final class AdminVerticle extends VerticleBase {

  /** The most owned keys one report names. */
  static final int MAX_KEYS = 100;

  private final GatewayContext gateway;
  private final Ownership ownership;
  private final AdminConfig config;
  private long timer = -1;
  private double lastPublished;
  private double lastDelivered;
  private long lastNanos;

  public AdminVerticle(GatewayContext gateway, Ownership ownership) {
    this.gateway = gateway;
    this.ownership = ownership;
    this.config = gateway.setup().admin();
  }

  @Override
  public Future<?> start() {
    AdminBoard board = gateway.admin();
    String node = gateway.node().id();
    lastPublished = sum("tickwire.channels.published");
    lastDelivered = sum("tickwire.gateway.delivered");
    lastNanos = System.nanoTime();
    Future<Void> reports = vertx.eventBus().<JsonObject>consumer(Addresses.ADMIN_REPORTS,
        message -> board.report(message.body(), System.nanoTime())).completion();
    Future<Void> details = vertx.eventBus().<JsonObject>consumer(Addresses.adminNode(node),
        message -> {
          JsonObject ask = message.body() == null ? new JsonObject() : message.body();
          board.describe(node, gateway.channels(),
                  clamp(ask.getValue("maxUsers"), config.maxUsers()),
                  clamp(ask.getValue("maxChannels"), config.maxChannels()))
              .onComplete(message::reply,
                  failure -> message.fail(ErrorCode.INTERNAL.status(), failure.getMessage()));
        }).completion();
    return Future.all(reports, details).onSuccess(ignored -> {
      report();
      timer = vertx.setPeriodic(config.reportIntervalMs(), id -> report());
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    vertx.eventBus().publish(Addresses.ADMIN_REPORTS,
        new JsonObject().put("node", gateway.node().id()).put("leaving", true));
    return Future.succeededFuture();
  }

  private void report() {
    long now = System.nanoTime();
    double published = sum("tickwire.channels.published");
    double delivered = sum("tickwire.gateway.delivered");
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    Map<String, Integer> channels = gateway.channels().snapshot();
    int subscriptions = channels.values().stream().mapToInt(Integer::intValue).sum();
    Ownership.Share share = ownership.share();
    JsonObject report = new JsonObject().put("node", gateway.node().id())
        .put("ts", System.currentTimeMillis())
        .put("connections", connections())
        .put("channels", channels.size())
        .put("subscriptions", subscriptions)
        .put("publishedPerSec", Math.round((published - lastPublished) / seconds * 10) / 10.0)
        .put("deliveredPerSec", Math.round((delivered - lastDelivered) / seconds * 10) / 10.0)
        .put("ownership", new JsonObject().put("owned", share.owned()).put("total", share.total())
            .put("keys", ownedKeys()));
    lastPublished = published;
    lastDelivered = delivered;
    lastNanos = now;
    vertx.eventBus().publish(Addresses.ADMIN_REPORTS, report);
  }

  /** The price symbols this node aggregates (its share of them in a cluster). */
  private JsonArray ownedKeys() {
    JsonArray keys = new JsonArray();
    NamespacePolicy prices = gateway.setup().namespaces().get(Channels.PRICES_NAMESPACE);
    if (prices != null && prices.keys() != null) {
      for (String key : new TreeSet<>(prices.keys())) {
        if (keys.size() < MAX_KEYS && ownership.owns(key)) {
          keys.add(Channels.PRICES_NAMESPACE + "." + key);
        }
      }
    }
    return keys;
  }

  /** WebSockets and SSE streams open on this node. */
  private long connections() {
    Gauge admitted = gateway.node().registry().find("tickwire.gateway.admitted").gauge();
    return admitted != null ? Math.round(admitted.value()) : gateway.metrics().connections();
  }

  private double sum(String counter) {
    MeterRegistry registry = gateway.node().registry();
    return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static int clamp(Object asked, int max) {
    return asked instanceof Number number ? (int) Math.max(1, Math.min(max, number.longValue()))
        : max;
  }
}
