package io.boc4j;

import java.util.List;
import java.util.Objects;

/**
 * Typed access to what a dynamic body ({@link Scheduling#whenAll}, {@link Scheduling#runAll})
 * receives: one object per request argument, a {@link Cown} for a cown and a {@code List<Cown<T>>}
 * for a group. The type is the caller's promise, inferred from the assignment, so no cast appears
 * in user code: {@code Cown<Account> from = Delivered.cown(delivered, 0);}.
 *
 * <p>Threading: call it inside the body that received {@code delivered}.
 */
public final class Delivered {

  private Delivered() {}

  /**
   * The cown delivered for argument {@code index}.
   *
   * @param delivered what the body received
   * @param index the argument's position in the request
   * @param <T> the cown's value type, as the caller knows it
   * @return the cown
   * @throws NullPointerException if delivered is null
   * @throws IndexOutOfBoundsException if index is out of range
   * @throws IllegalArgumentException if that argument was a group, not a cown
   */
  @SuppressWarnings("unchecked")
  public static <T> Cown<T> cown(List<Object> delivered, int index) {
    Object o = Objects.requireNonNull(delivered, "Delivered.cown: delivered is null").get(index);
    if (!(o instanceof Cown)) {
      throw new IllegalArgumentException("Delivered.cown: argument " + index
          + " of the request is a group, not a cown; read it with Delivered.group");
    }
    return (Cown<T>) o;
  }

  /**
   * The members delivered for group argument {@code index}, in the group's order.
   *
   * @param delivered what the body received
   * @param index the argument's position in the request
   * @param <T> the members' value type, as the caller knows it
   * @return the members, unmodifiable
   * @throws NullPointerException if delivered is null
   * @throws IndexOutOfBoundsException if index is out of range
   * @throws IllegalArgumentException if that argument was a cown, not a group
   */
  @SuppressWarnings("unchecked")
  public static <T> List<Cown<T>> group(List<Object> delivered, int index) {
    Object o = Objects.requireNonNull(delivered, "Delivered.group: delivered is null").get(index);
    if (!(o instanceof List)) {
      throw new IllegalArgumentException("Delivered.group: argument " + index
          + " of the request is a cown, not a group; read it with Delivered.cown");
    }
    return (List<Cown<T>>) o;
  }
}
