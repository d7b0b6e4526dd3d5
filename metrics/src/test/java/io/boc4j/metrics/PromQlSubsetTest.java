package io.boc4j.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The evaluator behind the dashboard picture: every query of the shipped dashboard is in the subset
 * it understands, and it computes what PromQL would on a small hand-made series.
 */
@Timeout(value = 30, unit = SECONDS)
class PromQlSubsetTest {

  @Test
  void everyDashboardQueryIsInTheSubset() {
    for (Dashboard.Panel p : Dashboard.shipped().panels()) {
      for (Dashboard.Query q : p.queries()) {
        PromQlSubset.check(q.expr());
      }
    }
  }

  @Test
  void selectorsRatesSumsAndDivisionsEvaluateAsInPromQl() {
    ScrapeSeries s = new ScrapeSeries();
    s.add(0, scrape(0, 0, 10, 0));
    s.add(1, scrape(4, 2, 20, 2));
    s.add(2, scrape(8, 6, 30, 4));
    PromQlSubset q = new PromQlSubset(s, 2);
    String r = "{runtime=~\"$runtime\"}";

    assertEquals(List.of(new PromQlSubset.Point(0, 10), new PromQlSubset.Point(1, 20),
        new PromQlSubset.Point(2, 30)), q.evaluate("g" + r).get(Map.of("runtime", "a")));
    Map<Map<String, String>, List<PromQlSubset.Point>> rates =
        q.evaluate("rate(c_total" + r + "[$__rate_interval])");
    assertEquals(new PromQlSubset.Point(2, 4), last(rates.get(Map.of("runtime", "a", "w", "0"))));
    assertEquals(new PromQlSubset.Point(2, 3), last(rates.get(Map.of("runtime", "a", "w", "1"))));
    assertEquals(new PromQlSubset.Point(2, 7), last(q.evaluate(
        "sum by (runtime) (rate(c_total" + r + "[$__rate_interval]))").get(Map.of("runtime", "a"))));
    assertEquals(new PromQlSubset.Point(2, 2), last(q.evaluate(
        "sum by (runtime) (rate(t_sum" + r + "[$__rate_interval])) / sum by (runtime) (rate(t_count"
            + r + "[$__rate_interval]))").get(Map.of("runtime", "a"))));
    assertThrows(IllegalArgumentException.class, () -> PromQlSubset.check("max(g" + r + ")"));
  }

  /** Counters c{w=0} and c{w=1}, gauge g, timer sum and count; runtime "a". */
  private static String scrape(double c0, double c1, double g, double count) {
    return "# HELP c_total a counter\n"
        + "c_total{runtime=\"a\",w=\"0\"} " + c0 + "\n"
        + "c_total{runtime=\"a\",w=\"1\"} " + c1 + "\n"
        + "g{runtime=\"a\"} " + g + "\n"
        + "t_sum{runtime=\"a\"} " + (count * 2) + "\n"
        + "t_count{runtime=\"a\"} " + count + "\n";
  }

  private static PromQlSubset.Point last(List<PromQlSubset.Point> points) {
    return points.get(points.size() - 1);
  }
}
