package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Shared documents in a Hazelcast map with synchronous backups, kept as JSON text. */
final class HazelcastDocuments implements SharedDocuments {

  private final Vertx vertx;
  private final IMap<String, String> documents;

  HazelcastDocuments(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.documents = hazelcast.getMap(HazelcastConfigs.DOCUMENTS_MAP);
  }

  @Override
  public Future<JsonObject> load(String name) {
    return Future.fromCompletionStage(documents.getAsync(name), vertx.getOrCreateContext())
        .map(text -> text == null ? new JsonObject() : new JsonObject(text));
  }

  @Override
  public Future<Void> save(String name, JsonObject document) {
    return Future.fromCompletionStage(documents.setAsync(name, document.encode()),
        vertx.getOrCreateContext()).mapEmpty();
  }
}
