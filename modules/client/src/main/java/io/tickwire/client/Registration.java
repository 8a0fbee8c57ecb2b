package io.tickwire.client;

/** A registered listener; {@link #remove()} unregisters it. Safe to call from any thread, twice. */
@FunctionalInterface
public interface Registration {

  void remove();
}
