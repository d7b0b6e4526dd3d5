package io.boc4j;

import java.util.List;

/**
 * The shapes of fire-and-forget behaviour bodies ({@link Boc#run}): like {@link Body} but returning
 * nothing. A throwing action is counted as failed and logged.
 */
public final class Action {

  private Action() {}

  /** An action over no cowns. */
  @FunctionalInterface
  public interface Of0 {
    /**
     * Runs the action.
     *
     * @throws Exception counted as failed and logged
     */
    void run() throws Exception;
  }

  /**
   * An action over one argument.
   *
   * @param <A> first
   */
  @FunctionalInterface
  public interface Of1<A> {
    /**
     * Runs the action.
     *
     * @param a first
     * @throws Exception counted as failed and logged
     */
    void run(A a) throws Exception;
  }

  /**
   * An action over two arguments.
   *
   * @param <A> first
   * @param <B> second
   */
  @FunctionalInterface
  public interface Of2<A, B> {
    /**
     * Runs the action.
     *
     * @param a first
     * @param b second
     * @throws Exception counted as failed and logged
     */
    void run(A a, B b) throws Exception;
  }

  /**
   * An action over three arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   */
  @FunctionalInterface
  public interface Of3<A, B, C> {
    /**
     * Runs the action.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @throws Exception counted and logged
     */
    void run(A a, B b, C c) throws Exception;
  }

  /**
   * An action over four arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   */
  @FunctionalInterface
  public interface Of4<A, B, C, D> {
    /**
     * Runs the action.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @throws Exception counted and logged
     */
    void run(A a, B b, C c, D d) throws Exception;
  }

  /**
   * An action over five arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <E> 5th
   */
  @FunctionalInterface
  public interface Of5<A, B, C, D, E> {
    /**
     * Runs the action.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @param e 5th
     * @throws Exception counted and logged
     */
    void run(A a, B b, C c, D d, E e) throws Exception;
  }

  /** An action over a dynamic request ({@link Boc#runAll}). */
  @FunctionalInterface
  public interface OfAll {
    /**
     * Runs the action.
     *
     * @param delivered per-argument objects
     * @throws Exception counted and logged
     */
    void run(List<Object> delivered) throws Exception;
  }
}
