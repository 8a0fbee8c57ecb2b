package io.tickwire.prices;

/** The ownership of a single node: it owns every symbol and the overview; nothing changes. */
public final class LocalOwnership implements SymbolOwnership {

  @Override
  public boolean owns(String key) {
    return true;
  }

  @Override
  public void onChange(Runnable listener) {
    // Nothing ever changes on a single node.
  }
}
