package io.boc4j.bench.report;

import io.boc4j.bench.Mode;
import io.boc4j.bench.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ratio the report states: a record's median throughput divided by its reference's (the same
 * workload and configuration; the reference is the workload's first implementation, measured clean,
 * or for a polluted record the same implementation measured clean).
 *
 * <p>The ratio's range is what the two min–max ranges allow: from {@code other.min ÷ reference.max}
 * to {@code other.max ÷ reference.min}. It contains 1 exactly when the two ranges overlap, and then
 * the report claims nothing: the difference is within noise. Only a range that excludes 1 makes one
 * side faster.
 *
 * @param reference the record divided by
 * @param other the record compared with it
 */
record Comparison(Result reference, Result other) {

  /** @return other's median ÷ reference's */
  double ratio() {
    return other.median() / reference.median();
  }

  /** @return the lowest ratio the ranges allow */
  double low() {
    return other.min() / reference.max();
  }

  /** @return the highest ratio the ranges allow */
  double high() {
    return other.max() / reference.min();
  }

  /** @return whether both records completed, so that there is a ratio at all */
  boolean measured() {
    return reference.ok() && other.ok();
  }

  /** @return whether the two min–max ranges overlap */
  boolean withinNoise() {
    return low() <= 1 && 1 <= high();
  }

  /** @return {@code within noise}, or which side is faster */
  String verdict() {
    if (!measured()) {
      return "not measured";
    }
    if (withinNoise()) {
      return "within noise";
    }
    return Format.column(other) + (ratio() > 1 ? " faster" : " slower");
  }

  /**
   * Pairs every record that has a reference with it, in record order.
   *
   * @param records the suite's records
   * @return the comparisons
   */
  static List<Comparison> of(List<Result> records) {
    List<Comparison> out = new ArrayList<>();
    for (Result r : records) {
      String ref = referenceImpl(r, records);
      if (ref == null) {
        continue;
      }
      for (Result candidate : records) {
        if (candidate.workload().equals(r.workload()) && candidate.impl().equals(ref)
            && candidate.mode() == Mode.CLEAN && candidate != r
            && Format.config(candidate).equals(Format.config(r))) {
          out.add(new Comparison(candidate, r));
          break;
        }
      }
    }
    return out;
  }

  /**
   * The record's {@code ratioTo}; for documents of schema 1, which lacked it, the workload's first
   * implementation in record order (boc4j, or the pinned overlay's chain).
   */
  private static String referenceImpl(Result r, List<Result> records) {
    if (r.get("ratioTo") != null || r.get("mode") != null) {
      return r.ratioTo();
    }
    String first = records.stream().filter(x -> x.workload().equals(r.workload()))
        .map(Result::impl).findFirst().orElseThrow();
    return Objects.equals(first, r.impl()) ? null : first;
  }
}
