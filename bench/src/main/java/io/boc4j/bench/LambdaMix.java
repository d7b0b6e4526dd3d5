package io.boc4j.bench;

import io.boc4j.Acquirable;
import io.boc4j.Action;
import io.boc4j.Boc;
import io.boc4j.Body;
import io.boc4j.Cown;
import io.boc4j.CownGroup;
import io.boc4j.ResultCown;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forty behaviour bodies of forty distinct classes, scheduled over boc4j's forms: {@code run} and
 * {@code when} of arities 1 to 3, a group, a result cown as an argument, {@code whenAll}. A real
 * application schedules many body classes through the same few call sites in boc4j, so the JIT sees
 * those sites megamorphic; a benchmark with one body class sees them monomorphic and inlines
 * through them. Running this mix first (see {@link Pollution}) gives the JIT a real application's
 * profile.
 *
 * <p>The bodies are generated: each is a fresh class spun by {@link LambdaMetafactory}, exactly what
 * a lambda expression in source compiles to (one hidden class per expression), without forty
 * near-identical expressions in source. Ten shapes, four classes each; every body adds 1 to each
 * counter cown it holds, so the mix checks itself: the counters' sum is the number of holds.
 *
 * <p>Driven by one thread (the harness's); the bodies run on the runtime's workers.
 */
final class LambdaMix {

  /** Distinct body classes. */
  static final int BODIES = 40;

  private static final int COUNTERS = 12;
  private static final int BATCH = 2_000;
  private static final Duration QUIESCE = Duration.ofSeconds(30);
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** How a body is scheduled, and how many counters it holds. */
  private enum Shape {
    RUN1(1), RUN2(2), RUN3(3), WHEN1(1), WHEN2(2), WHEN3(3), RUN_GROUP(3), WHEN_GROUP(3),
    WHEN_ALL(5), AFTER_RESULT(1);

    final int holds;

    Shape(int holds) {
      this.holds = holds;
    }
  }

  private record Generated(Shape shape, Object body) {}

  private final List<Generated> bodies = new ArrayList<>();

  /** Generates the bodies. */
  LambdaMix() {
    Shape[] shapes = Shape.values();
    for (int i = 0; i < BODIES; i++) {
      Shape s = shapes[i % shapes.length];
      bodies.add(new Generated(s, spin(s)));
    }
  }

  /** @return how many distinct classes the bodies have */
  int distinctClasses() {
    return (int) bodies.stream().map(g -> g.body().getClass()).distinct().count();
  }

  /**
   * Schedules the bodies in turn, in batches each followed by quiescence, until {@code millis} have
   * passed (at least one batch), then checks the counters.
   *
   * @param boc a started runtime
   * @param millis how long to keep scheduling
   * @return the behaviours scheduled
   * @throws Exception if the runtime does not quiesce in time or a count is wrong
   */
  long run(Boc boc, long millis) throws Exception {
    List<Cown<long[]>> counters = new ArrayList<>();
    for (int i = 0; i < COUNTERS; i++) {
      counters.add(Cown.of(new long[1]));
    }
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long scheduled = 0;
    long holds = 0;
    do {
      for (int k = 0; k < BATCH; k++) {
        Generated g = bodies.get((int) (scheduled % BODIES));
        schedule(boc, g, counters, (int) (scheduled % COUNTERS));
        scheduled++;
        holds += g.shape().holds;
      }
      boc.quiesce(QUIESCE);
    } while (System.nanoTime() - deadline < 0);
    long sum = BocSession.result(boc.when(Cown.group(counters), LambdaMix::sum));
    if (sum != holds) {
      throw new IllegalStateException("the lambda mix counted " + sum + " holds, expected " + holds);
    }
    return scheduled;
  }

  /** Schedules one body over counters {@code at}, {@code at+1}, ...: never one cown twice. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void schedule(Boc boc, Generated g, List<Cown<long[]>> c, int at) {
    Cown<long[]> a = c.get(at);
    Cown<long[]> b = c.get((at + 1) % COUNTERS);
    Cown<long[]> d = c.get((at + 2) % COUNTERS);
    Object body = g.body();
    switch (g.shape()) {
      case RUN1 -> boc.run(a, (Action.Of1) body);
      case RUN2 -> boc.run(a, b, (Action.Of2) body);
      case RUN3 -> boc.run(a, b, d, (Action.Of3) body);
      case WHEN1 -> boc.when(a, (Body.Of1) body);
      case WHEN2 -> boc.when(a, b, (Body.Of2) body);
      case WHEN3 -> boc.when(a, b, d, (Body.Of3) body);
      case RUN_GROUP -> boc.run(Cown.group(List.of(a, b, d)), (Action.Of1) body);
      case WHEN_GROUP -> boc.when(Cown.group(List.of(a, b, d)), (Body.Of1) body);
      case WHEN_ALL -> {
        CownGroup<long[]> group = Cown.group(List.of(b, d, c.get((at + 3) % COUNTERS)));
        List<Acquirable<?>> request = List.of(a, group, c.get((at + 4) % COUNTERS));
        boc.whenAll(request, (Body.OfAll) body);
      }
      case AFTER_RESULT -> {
        ResultCown<Long> first = boc.when(b, x -> 0L);
        boc.when(first, a, (Body.Of2) body);
      }
      default -> throw new AssertionError(g.shape());
    }
  }

  // --- the bodies' code; each generated class calls one of these --------------------------------

  private static void add(Cown<long[]> c) {
    c.get()[0]++;
  }

  private static void run1(Cown<long[]> a) {
    add(a);
  }

  private static void run2(Cown<long[]> a, Cown<long[]> b) {
    add(a);
    add(b);
  }

  private static void run3(Cown<long[]> a, Cown<long[]> b, Cown<long[]> c) {
    add(a);
    add(b);
    add(c);
  }

  private static Long when1(Cown<long[]> a) {
    add(a);
    return a.get()[0];
  }

  private static Long when2(Cown<long[]> a, Cown<long[]> b) {
    run2(a, b);
    return a.get()[0] + b.get()[0];
  }

  private static Long when3(Cown<long[]> a, Cown<long[]> b, Cown<long[]> c) {
    run3(a, b, c);
    return a.get()[0] + b.get()[0] + c.get()[0];
  }

  private static void runGroup(List<Cown<long[]>> group) {
    group.forEach(LambdaMix::add);
  }

  private static Long sum(List<Cown<long[]>> group) {
    long s = 0;
    for (Cown<long[]> c : group) {
      s += c.get()[0];
    }
    return s;
  }

  private static Long whenGroup(List<Cown<long[]>> group) {
    runGroup(group);
    return sum(group);
  }

  @SuppressWarnings("unchecked")
  private static Long whenAll(List<Object> delivered) {
    long s = 0;
    for (Object o : delivered) {
      if (o instanceof List<?> group) {
        s += whenGroup((List<Cown<long[]>>) group);
      } else {
        s += when1((Cown<long[]>) o);
      }
    }
    return s;
  }

  private static Long afterResult(Cown<Long> result, Cown<long[]> a) {
    add(a);
    return result.get() + a.get()[0];
  }

  // --- generation ---------------------------------------------------------------------------------

  /** A new class implementing the shape's functional interface by calling the shape's method. */
  private static Object spin(Shape s) {
    try {
      return switch (s) {
        case RUN1 -> spin(Action.Of1.class, "run", "run1", void.class, Cown.class);
        case RUN2 -> spin(Action.Of2.class, "run", "run2", void.class, Cown.class, Cown.class);
        case RUN3 ->
            spin(Action.Of3.class, "run", "run3", void.class, Cown.class, Cown.class, Cown.class);
        case WHEN1 -> spin(Body.Of1.class, "apply", "when1", Long.class, Cown.class);
        case WHEN2 -> spin(Body.Of2.class, "apply", "when2", Long.class, Cown.class, Cown.class);
        case WHEN3 ->
            spin(Body.Of3.class, "apply", "when3", Long.class, Cown.class, Cown.class, Cown.class);
        case RUN_GROUP -> spin(Action.Of1.class, "run", "runGroup", void.class, List.class);
        case WHEN_GROUP -> spin(Body.Of1.class, "apply", "whenGroup", Long.class, List.class);
        case WHEN_ALL -> spin(Body.OfAll.class, "apply", "whenAll", Long.class, List.class);
        case AFTER_RESULT ->
            spin(Body.Of2.class, "apply", "afterResult", Long.class, Cown.class, Cown.class);
      };
    } catch (Throwable t) {
      throw new IllegalStateException("could not generate a " + s + " body", t);
    }
  }

  /**
   * Calls {@link LambdaMetafactory#metafactory} directly: unlike an invokedynamic call site, which
   * links once, every call spins a new class.
   */
  private static Object spin(Class<?> iface, String sam, String impl, Class<?> ret,
      Class<?>... params) throws Throwable {
    MethodType implType = MethodType.methodType(ret, params);
    MethodHandle target = LOOKUP.findStatic(LambdaMix.class, impl, implType);
    Method abstractMethod = Arrays.stream(iface.getMethods())
        .filter(m -> m.getName().equals(sam) && Modifier.isAbstract(m.getModifiers()))
        .findFirst().orElseThrow();
    MethodType erased = MethodType.methodType(abstractMethod.getReturnType(),
        abstractMethod.getParameterTypes()); // e.g. Body.OfAll: (List)Object, not (Object)Object
    CallSite site = LambdaMetafactory.metafactory(LOOKUP, sam, MethodType.methodType(iface),
        erased, target, implType);
    return site.getTarget().invoke();
  }
}
