package io.tickwire.notifications;

import io.vertx.core.Future;
import java.util.List;

/**
 * Durable alert rules. A rule is durable once a returned future has succeeded. Futures complete
 * on the caller's context; implementations never block it. Failures other than the documented
 * {@link io.tickwire.protocol.ProtocolException}s mean the store is unavailable.
 */
public interface RuleStore {

  /** What {@link #create} did. */
  record Created(Rule rule, boolean created) {
  }

  /**
   * Stores a new rule. With an {@code idempotencyKey} seen from the same user within
   * {@code keyTtlMs}, stores nothing and answers the rule that key created (as it is now, or as
   * it was created when it has since been deleted).
   *
   * @param limit the rules the user may have; one more fails with a
   *     {@link io.tickwire.protocol.ProtocolException} {@code forbidden}
   */
  Future<Created> create(Rule rule, String idempotencyKey, long keyTtlMs, int limit);

  /** The user's rule, or {@code null}. */
  Future<Rule> get(String user, String id);

  /** The user's rules, newest first. */
  Future<List<Rule>> list(String user);

  /**
   * Replaces a rule's spec, state and {@code updatedAt} (not its firing count); answers the
   * stored rule, or {@code null} when the user has no such rule.
   */
  Future<Rule> update(Rule rule);

  /** Deletes the user's rule; answers whether it existed. */
  Future<Boolean> delete(String user, String id);

  /** Every active rule of every user, for the evaluators' indexes. */
  Future<List<Rule>> active();

  /**
   * Marks up to {@code limit} active or paused rules whose {@code expiresAt} is at or before
   * {@code now} as expired; answers those it changed (in their new state).
   */
  Future<List<Rule>> expire(long now, int limit);

  /**
   * Deletes up to {@code limit} idempotency keys of {@link #create} made before
   * {@code createdBefore} (past their TTL, they answer nothing any more); the rules stay.
   * Answers how many.
   */
  Future<Long> purgeKeys(long createdBefore, int limit);
}
