package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.boc4j.Boc;
import io.boc4j.Cown;
import io.boc4j.Mailbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT Y01: every meter is present with its documented name, type, base unit and tags, and
 * nothing else is registered.
 */
@Timeout(value = 30, unit = SECONDS)
class MeterPresenceTest extends MetricsTestSupport {

  @Test
  void y01_everyMeterIsPresentWithItsDocumentedNameTypeUnitAndTags() throws Exception {
    Boc boc = newBoc("presence", 2);
    Mailbox jobs = new Mailbox();
    closing(BocMetrics.builder(boc).mailbox("jobs", jobs).sampledTimers(1)
        .tags(Tags.of("app", "test")).build()).bindTo(registry); // default snapshot reuse
    boc.mailbox().send("orders", "o1");
    jobs.send("j", "j1");
    valueOf(boc.when(Cown.of(1), c -> c.get()));
    boc.quiesce(WAIT);
    scrape(registry); // registers the workers and tags seen now

    Map<String, MeterSpec> specs = MeterCatalog.ALL.stream()
        .collect(Collectors.toMap(MeterSpec::name, s -> s));
    Set<String> registered = new TreeSet<>();
    for (Meter m : registry.getMeters()) {
      Meter.Id id = m.getId();
      MeterSpec spec = specs.get(id.getName());
      assertTrue(spec != null, "undocumented meter " + id);
      registered.add(id.getName());
      assertTrue(id.getName().matches("boc4j(\\.[a-z0-9]+)+"), "Micrometer naming: " + id);
      assertEquals(spec.baseUnit(), id.getBaseUnit(), "base unit of " + id);
      List<String> keys = id.getTags().stream().map(Tag::getKey)
          .filter(k -> !k.equals("app")).collect(Collectors.toList());
      assertEquals(new TreeSet<>(spec.tagKeys()), new TreeSet<>(keys), "tag keys of " + id);
      assertEquals(boc.name(), id.getTag(MeterSpec.RUNTIME), "runtime tag of " + id);
      assertEquals("test", id.getTag("app"), "common tag of " + id);
      assertTrue(isOfKind(m, spec.kind()), id + " is a " + m.getClass().getSimpleName()
          + ", documented as " + spec.kind().micrometerType());
      assertFalse(spec.description().isBlank());
      assertEquals(spec.description(), id.getDescription(), "description of " + id);
    }
    assertEquals(specs.keySet(), registered, "every documented meter is registered");

    assertEquals(Set.of("0", "1"), tagValues("boc4j.worker.run", MeterSpec.WORKER));
    assertEquals(Set.of("runtime", "jobs"), tagValues("boc4j.mailbox.depth", MeterSpec.MAILBOX));
    assertEquals(Set.of("orders", "j"), tagValues("boc4j.mailbox.depth", MeterSpec.TAG));
    assertEquals(Set.of("worker", "main"), tagValues("boc4j.behaviour.run", MeterSpec.THREAD));
  }

  @Test
  void commonTagsMayNotTakeTheKeysTheMetersSetThemselves() {
    Boc boc = newBoc("tags", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BocMetrics.builder(boc).tags(Tags.of("worker", "x")));
    assertTrue(e.getMessage().contains("worker"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> BocMetrics.builder(boc).mailbox("runtime", new Mailbox()));
  }

  private Set<String> tagValues(String name, String key) {
    return registry.find(name).meters().stream().map(m -> m.getId().getTag(key))
        .collect(Collectors.toSet());
  }

  private static boolean isOfKind(Meter m, MeterSpec.Kind kind) {
    switch (kind) {
      case COUNTER:
      case WORKER_COUNTER:
        return m instanceof FunctionCounter;
      case GAUGE:
      case MAILBOX_GAUGE:
        return m instanceof Gauge && !(m instanceof TimeGauge);
      case TIME_GAUGE:
        return m instanceof TimeGauge;
      case FUNCTION_TIMER:
        return m instanceof FunctionTimer;
      case SAMPLED_TIMER:
        return m instanceof Timer;
      default:
        return false;
    }
  }
}
