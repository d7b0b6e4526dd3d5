package io.boc4j.bench.mono;

import io.boc4j.bench.AbstractWorkload;
import io.boc4j.bench.Config;
import java.util.List;

/**
 * SPEC section 8's {@code mono}: what the Reactor bridge costs per behaviour. The same bank, driven
 * once through core's API and once through the bridge's {@code Mono} forms, in the same shape, so
 * that the ratio mono ÷ boc4j is the bridge's price.
 *
 * <p>The bank is the {@code bank} workload's (A accounts of balance 100 and overdraft 100; a
 * transfer moves 100 if the payer stays within its overdraft, after U µs of busy work), but each
 * transfer is exactly one behaviour over its two accounts, with a result (whether the money moved),
 * and a single driver keeps {@value #IN_FLIGHT} transfers in flight: it issues the first {@value
 * #IN_FLIGHT} and then one more each time one finishes, until T transfers have finished. One
 * operation is one transfer, that is one behaviour.
 *
 * <ul>
 *   <li>{@code boc4j}: core's API. {@value #IN_FLIGHT} lanes, each a chain: it schedules its
 *       transfer with {@code boc.observing(lane).when(from, to, transfer)}, and the completion
 *       callback, which core calls on the worker that ran the body, counts the outcome and schedules
 *       the lane's next transfer. That is the cheapest way core offers to learn each outcome and
 *       continue, and the very mechanism the bridge schedules through, so the ratio is an upper
 *       bound of what the bridge adds.
 *   <li>{@code mono}: {@code Flux.range(0, T).transform(bridge.bounded(i -> bridge.mono(from, to,
 *       transfer), 64))}, subscribed by the harness thread: each transfer is a cold {@code Mono}
 *       subscribed inside the bridge's demand-bounded operator (Reactor's {@code flatMap} with
 *       concurrency {@value #IN_FLIGHT}), whose value the subscriber counts.
 *   <li>{@code mono-lanes}: the bridge in {@code boc4j}'s shape: {@value #IN_FLIGHT} lanes, each
 *       {@code Mono.defer(() -> bridge.mono(from, to, transfer)).repeat(share - 1)} subscribed on its
 *       own, so nothing is shared between lanes. mono-lanes ÷ boc4j is the price of the {@code Mono}
 *       form; mono ÷ mono-lanes that of one demand-bounded stream all completions pass through.
 * </ul>
 *
 * Both pick their pairs uniformly (two distinct random accounts), use the very same body and run on
 * the same runtime settings; neither runs over the back-pressure limit. Default A = 36 only (the
 * bank's verona-rt size), W 1 and 2, U 0 and 10. The target: mono costs at most 1.5× core per
 * behaviour at U = 0 and is within noise of it at U = 10.
 */
public final class MonoWorkload extends AbstractWorkload {

  /** Transfers in flight at once, on both implementations. */
  static final int IN_FLIGHT = 64;

  /** The bank through core's {@code when} and through the Reactor bridge's {@code Mono} forms. */
  public MonoWorkload() {
    super("mono", "tx/s", 10_000_000, impl("boc4j", CoreTransfers::new),
        impl("mono", MonoTransfers::new), impl("mono-lanes", MonoLaneTransfers::new));
  }

  /** {@inheritDoc} Both: the bridge runs on boc4j. */
  @Override
  public boolean runsOnBoc4j(String impl) {
    return true;
  }

  @Override
  public List<Integer> defaultAccounts(boolean quick) {
    return List.of(36);
  }

  @Override
  public String description() {
    return """
      the bank (A accounts, balance 100, overdraft 100, U µs of busy \
      work per transfer) as one behaviour per transfer with a result, 64 transfers kept in flight \
      by one driver that issues the next as one finishes. `boc4j`: 64 lanes on core's API, each \
      `boc.observing(lane).when(from, to, transfer)` whose completion callback schedules the \
      lane's next transfer. `mono`: the Reactor bridge, `Flux.range(0, T)` through \
      `bridge.bounded(i -> bridge.mono(from, to, transfer), 64)`. `mono-lanes`: the bridge in \
      the core driver's shape, 64 lanes each `Mono.defer(() -> bridge.mono(...)).repeat(n)`. \
      Same body, same runtime settings: mono-lanes ÷ boc4j is what the `Mono` form costs per \
      behaviour, mono ÷ mono-lanes what one bounded stream adds.""";
  }

  @Override
  public List<Config> configs(Dimensions d) {
    return workByWorkersPerAccounts(d);
  }
}
