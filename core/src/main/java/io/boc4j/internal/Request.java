package io.boc4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One behaviour's request for one cown: a node of that cown's MCS-style queue.
 *
 * <p>States (each transition happens once, in this order):
 *
 * <pre>
 *  state        next     scheduled  meaning
 *  enqueued     null     false      swapped into cown.last; its behaviour is still enqueuing others
 *  scheduled    null     true       its behaviour finished enqueuing; a successor may now link
 *  linked       succ     true       a successor waits behind it
 *  released     null     true       handed the cown on (or emptied the queue); link dropped
 * </pre>
 *
 * <p>Only {@link Acquisition} touches {@code next} and {@code scheduled}. The successor link is cleared
 * on release: a dead request promoted to the old generation would otherwise keep the whole chain of
 * later behaviours reachable until a full collection.
 *
 * <p>The request carries a {@code mode} so that a read-only mode can later share the queue with
 * exclusive requests without changing the node's shape; today every request is exclusive.
 */
final class Request {

  private static final VarHandle NEXT;
  private static final VarHandle SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      NEXT = lookup.findVarHandle(Request.class, "next", Request.class);
      SCHEDULED = lookup.findVarHandle(Request.class, "scheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How a request holds its cown. Only {@link #EXCLUSIVE} exists today. */
  enum Mode {
    EXCLUSIVE
  }

  final CownCore cown;
  final Behaviour behaviour;
  final Mode mode = Mode.EXCLUSIVE;

  @SuppressWarnings("unused") // accessed through NEXT
  private Request next;

  @SuppressWarnings("unused") // accessed through SCHEDULED
  private boolean scheduled;

  Request(CownCore cown, Behaviour behaviour) {
    this.cown = cown;
    this.behaviour = behaviour;
  }

  Request lvNext() {
    return (Request) NEXT.getAcquire(this); // LoadLoad: the successor's fields are seen after the link
  }

  void soNext(Request successor) {
    NEXT.setRelease(this, successor); // StoreStore: successor's initialised state precedes the link
  }

  void spNextNull() {
    NEXT.set(this, null); // plain: the request is dead; nobody reads it after release
  }

  boolean lvScheduled() {
    return (boolean) SCHEDULED.getAcquire(this); // LoadLoad: pairs with soScheduled
  }

  void soScheduled() {
    SCHEDULED.setRelease(this, true); // StoreStore: all swaps of the behaviour precede the flag
  }

  void spScheduled() {
    SCHEDULED.set(this, true); // plain: only before the request is published
  }
}
