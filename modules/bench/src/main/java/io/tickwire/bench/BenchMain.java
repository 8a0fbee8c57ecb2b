package io.tickwire.bench;

/** The bench command line; see docs/benchmarks.md. */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) {
    System.err.println("usage: tickwire-bench <suite|gen|raw|jmh> [options]");
    System.exit(2);
  }
}
