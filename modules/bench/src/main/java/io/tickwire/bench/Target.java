package io.tickwire.bench;

/**
 * A server under test and the way the publisher reaches it, in the order the suite measures them.
 * The raw reference is measured twice: published through HTTP like tickwire, and published inside
 * its own process, so the cost of the HTTP publish hop shows on its own.
 */
enum Target {

  /** The raw Vert.x reference, published to with {@code POST /publish}. */
  RAW("raw", "raw"),
  /** The raw Vert.x reference publishing from a thread of its own process: no HTTP hop. */
  RAW_IN_PROCESS("rawInProcess", "raw in-process"),
  /** A tickwire node, published to with {@code POST /api/publish}. */
  TICKWIRE("tickwire", "tickwire");

  /** The key of this target's figures in results.json. */
  final String key;
  /** The name of this target in the report. */
  final String label;

  Target(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** Whether the server is the raw reference (its generator speaks no protocol). */
  boolean raw() {
    return this != TICKWIRE;
  }
}
