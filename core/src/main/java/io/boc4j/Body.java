package io.boc4j;

import java.util.List;

/**
 * The shapes of behaviour bodies that return a value ({@link Boc#when}). Each receives what its
 * arguments deliver: a {@link Cown} for a cown, a {@code List<Cown<T>>} for a {@link CownGroup}. A body
 * may throw any exception; it lands on the result cown.
 */
public final class Body {

  private Body() {}

  /**
   * A body over no cowns.
   *
   * @param <R> result type
   */
  @FunctionalInterface
  public interface Of0<R> {
    /**
     * Runs the body.
     *
     * @return the result
     * @throws Exception stored on the result cown
     */
    R apply() throws Exception;
  }

  /**
   * A body over one argument.
   *
   * @param <A> first argument
   * @param <R> result type
   */
  @FunctionalInterface
  public interface Of1<A, R> {
    /**
     * Runs the body.
     *
     * @param a first
     * @return the result
     * @throws Exception stored on the result cown
     */
    R apply(A a) throws Exception;
  }

  /**
   * A body over two arguments.
   *
   * @param <A> first
   * @param <B> second
   * @param <R> result type
   */
  @FunctionalInterface
  public interface Of2<A, B, R> {
    /**
     * Runs the body.
     *
     * @param a first
     * @param b second
     * @return the result
     * @throws Exception stored
     */
    R apply(A a, B b) throws Exception;
  }

  /**
   * A body over three arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <R> result
   */
  @FunctionalInterface
  public interface Of3<A, B, C, R> {
    /**
     * Runs the body.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @return result
     * @throws Exception stored
     */
    R apply(A a, B b, C c) throws Exception;
  }

  /**
   * A body over four arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <R> result
   */
  @FunctionalInterface
  public interface Of4<A, B, C, D, R> {
    /**
     * Runs the body.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @return result
     * @throws Exception stored
     */
    R apply(A a, B b, C c, D d) throws Exception;
  }

  /**
   * A body over five arguments.
   *
   * @param <A> 1st
   * @param <B> 2nd
   * @param <C> 3rd
   * @param <D> 4th
   * @param <E> 5th
   * @param <R> result
   */
  @FunctionalInterface
  public interface Of5<A, B, C, D, E, R> {
    /**
     * Runs the body.
     *
     * @param a 1st
     * @param b 2nd
     * @param c 3rd
     * @param d 4th
     * @param e 5th
     * @return result
     * @throws Exception stored
     */
    R apply(A a, B b, C c, D d, E e) throws Exception;
  }

  /**
   * A body over a dynamic request ({@link Boc#whenAll}): it receives one delivered object per
   * argument, in argument order (a cown, or a group's list).
   *
   * @param <R> result type
   */
  @FunctionalInterface
  public interface OfAll<R> {
    /**
     * Runs the body.
     *
     * @param delivered per-argument objects
     * @return result
     * @throws Exception stored
     */
    R apply(List<Object> delivered) throws Exception;
  }
}
