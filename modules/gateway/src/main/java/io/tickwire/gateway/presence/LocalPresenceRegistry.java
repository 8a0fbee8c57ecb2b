package io.tickwire.gateway.presence;

/** The presence registry of a single node: changes go straight to its index. Thread-safe. */
public final class LocalPresenceRegistry implements PresenceRegistry {

  private final PresenceIndex index;

  public LocalPresenceRegistry(PresenceIndex index) {
    this.index = index;
  }

  @Override
  public void joined(PresenceEntry entry) {
    index.add(entry);
  }

  @Override
  public void left(String channel, String session) {
    index.remove(channel, session);
  }
}
