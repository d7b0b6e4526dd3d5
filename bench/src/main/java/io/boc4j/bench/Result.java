package io.boc4j.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON record: the outcome of one {@link Cell}, merged over its forks by {@link Aggregation}.
 * The field names below are stable (other tools read them); new fields may be added, none renamed.
 *
 * <table>
 *   <caption>Stable fields</caption>
 *   <tr><td>{@code workload}, {@code impl}</td><td>what ran</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code clean} or {@code polluted} (see {@link Mode})</td></tr>
 *   <tr><td>{@code workers}, {@code workUs}, {@code accounts}, {@code variant}</td>
 *       <td>the configuration ({@code accounts}, {@code variant} null where they do not apply);
 *       a workload with variants also names it ({@code order} for dining)</td></tr>
 *   <tr><td>{@code status}</td><td>{@code ok}, {@code timeout}, {@code failed}, {@code crashed}
 *       (a child JVM died, e.g. out of memory) or {@code stalled} (it stopped reporting): the
 *       first fork's that was not ok</td></tr>
 *   <tr><td>{@code forks}</td><td>fresh JVMs the cell ran in (0: the harness's own, tests only)</td></tr>
 *   <tr><td>{@code runs}</td><td>measured runs that completed, over all forks</td></tr>
 *   <tr><td>{@code median}, {@code min}, {@code max}, {@code unit}</td>
 *       <td>throughput over all forks × runs; null if none completed</td></tr>
 *   <tr><td>{@code forkMedians}</td><td>each fork's median, in fork order</td></tr>
 *   <tr><td>{@code forkHandOffNanos}</td><td>each fork's cache-line hand-off time before and after
 *       its measured runs ({@link HandOffProbe#quick}), in fork order</td></tr>
 *   <tr><td>{@code gcShare}</td><td>GC time / wall time over the measured runs, 0..1</td></tr>
 *   <tr><td>{@code peakHeapBytes}</td><td>largest per-run peak heap (see {@link JvmProbe})</td></tr>
 *   <tr><td>{@code allocBytesPerOp}</td><td>bytes allocated by all threads per operation</td></tr>
 *   <tr><td>{@code cpuNanosPerOp}</td><td>the JVM's CPU time per operation, all threads</td></tr>
 *   <tr><td>{@code jvm}</td><td>the JVM's version</td></tr>
 *   <tr><td>{@code ratioTo}</td><td>the implementation the report divides by (clean), or null</td></tr>
 *   <tr><td>{@code launches}</td><td>one entry per fork: sequence, pid, JVM options, samples</td></tr>
 * </table>
 */
public final class Result {

  /** Status of a cell whose every run completed and verified. */
  public static final String OK = "ok";

  private final Map<String, Object> fields;

  Result(Map<String, Object> fields) {
    this.fields = fields;
  }

  /**
   * Reads a record from parsed JSON.
   *
   * @param json a JSON object as parsed by {@link JsonCodec}
   * @return the record
   */
  @SuppressWarnings("unchecked")
  public static Result fromJson(Object json) {
    return new Result(new LinkedHashMap<>((Map<String, Object>) json));
  }

  /**
   * The record as an insertion-ordered map, ready for {@link JsonCodec}.
   *
   * @return an unmodifiable view
   */
  public Map<String, Object> toMap() {
    return Collections.unmodifiableMap(fields);
  }

  /** @return the workload name */
  public String workload() {
    return (String) fields.get("workload");
  }

  /** @return the implementation name */
  public String impl() {
    return (String) fields.get("impl");
  }

  /** @return clean or polluted; clean for records written before modes existed */
  public Mode mode() {
    Object m = fields.get("mode");
    return m == null ? Mode.CLEAN : Mode.of((String) m);
  }

  /** @return the worker count */
  public int workers() {
    return ((Number) fields.get("workers")).intValue();
  }

  /** @return the work per operation in microseconds */
  public int workUs() {
    return ((Number) fields.get("workUs")).intValue();
  }

  /** @return the account count, or null where it does not apply */
  public Integer accounts() {
    Number n = (Number) fields.get("accounts");
    return n == null ? null : n.intValue();
  }

  /** @return the variant, or null */
  public String variant() {
    return (String) fields.get("variant");
  }

  /** @return what the variant is ({@code order}), or null */
  public String variantName() {
    return (String) fields.get("variantName");
  }

  /** @return the implementation this record's ratio is taken against, or null */
  public String ratioTo() {
    return (String) fields.get("ratioTo");
  }

  /** @return ok, timeout, failed, crashed or stalled */
  public String status() {
    return (String) fields.get("status");
  }

  /** @return whether the cell completed and verified */
  public boolean ok() {
    return OK.equals(status());
  }

  /** @return what went wrong, or null */
  public String error() {
    return (String) fields.get("error");
  }

  /** @return the forks (0: measured in the harness's own JVM) */
  public int forks() {
    Object n = fields.get("forks");
    return n instanceof Number x ? x.intValue() : 0;
  }

  /** @return the completed measured runs, over all forks */
  public int runs() {
    return ((Number) fields.get("runs")).intValue();
  }

  /** @return the median throughput, or NaN if no run completed */
  public double median() {
    return number("median");
  }

  /** @return the lowest throughput, or NaN */
  public double min() {
    return number("min");
  }

  /** @return the highest throughput, or NaN */
  public double max() {
    return number("max");
  }

  /** @return the throughput unit */
  public String unit() {
    return (String) fields.get("unit");
  }

  /** @return GC share of wall time, or NaN */
  public double gcShare() {
    return number("gcShare");
  }

  /** @return allocated bytes per operation, or NaN */
  public double allocBytesPerOp() {
    return number("allocBytesPerOp");
  }

  /**
   * The JVM's CPU time (every thread) per operation, over the measured runs.
   *
   * @return nanoseconds per operation, NaN if unknown (no run completed, or an older document)
   */
  public double cpuNanosPerOp() {
    return number("cpuNanosPerOp");
  }

  /** @return peak heap in bytes, or NaN */
  public double peakHeapBytes() {
    return number("peakHeapBytes");
  }

  /**
   * Any field by name.
   *
   * @param name the field
   * @return its value, or null
   */
  public Object get(String name) {
    return fields.get(name);
  }

  private double number(String name) {
    Object v = fields.get(name);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** Builds records in the stable field order. */
  static final class Builder {
    private final Map<String, Object> m = new LinkedHashMap<>();

    Builder(Cell cell) {
      Config c = cell.config();
      Workload w = cell.workload();
      m.put("workload", w.name());
      m.put("impl", cell.impl());
      m.put("mode", cell.mode().json());
      m.put("workers", c.workers());
      m.put("workUs", c.workUs());
      m.put("accounts", c.accounts());
      m.put("variant", c.variant());
      m.put("variantName", w.variantName());
      if (w.variantName() != null) {
        m.put(w.variantName(), c.variant());
      }
      m.put("status", OK);
      m.put("error", null);
      m.put("forks", 0);
      m.put("runs", 0);
      m.put("median", null);
      m.put("min", null);
      m.put("max", null);
      m.put("unit", w.unit());
      m.put("gcShare", null);
      m.put("peakHeapBytes", null);
      m.put("allocBytesPerOp", null);
      m.put("jvm", Runtime.version().toString());
      m.put("ratioTo", cell.ratioTo());
    }

    Builder put(String name, Object value) {
      m.put(name, value);
      return this;
    }

    Builder fail(String status, String error) {
      m.put("status", status);
      m.put("error", error);
      return this;
    }

    Builder putAll(Map<String, Object> more) {
      m.putAll(more);
      return this;
    }

    Result build() {
      return new Result(m);
    }
  }
}
