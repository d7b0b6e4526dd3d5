package io.boc4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable snapshot of a runtime's statistics, from {@link Boc#stats()}.
 *
 * <p><b>Counters</b> ({@code scheduled}, {@code completed}, {@code failed}, {@code slowBodies},
 * every per-worker figure, the back-pressure counts, {@code pinned.pumped}, the watchdog counts, the
 * noticeboard's rejected, dropped and failed counts) are cumulative over the runtime object's whole
 * life: {@code waitAll}, teardown and restart never reset them, so two snapshots read one after the
 * other never show a counter going down. Figures for one start-to-teardown period come from {@link
 * WaitResult}.
 *
 * <p><b>Gauges</b> ({@code inFlight}, {@code workers}, the main queue's depth and age, the
 * noticeboard's size and pending mutations, mailbox depths) describe the moment of the read; {@code
 * peakInFlight} is the highest in-flight count since the runtime object was built.
 *
 * <p>Reading takes no lock that behaviours take. Each figure is individually recent; the snapshot is
 * not a consistent cut across figures (at quiescence {@code scheduled == completed}).
 *
 * @param runtime the runtime's name ({@link Boc.Builder#name}), the {@code runtime} tag of metrics
 * @param running whether a generation of workers is running now
 * @param closed whether {@link Boc#close()} was called
 * @param workers the running generation's worker count, 0 when not running
 * @param backPressureLimit the configured back-pressure limit
 * @param scheduled behaviours scheduled (synchronous takes included), lifetime
 * @param completed behaviours completed, failed ones included, lifetime
 * @param failed bodies that threw, lifetime
 * @param slowBodies behaviours the slow-body detector reported ({@link Boc.Builder#slowBodyThreshold};
 *     always 0 while it is off), lifetime
 * @param inFlight an upper bound of the behaviours in flight now; exact at quiescence; 0 when not
 *     running
 * @param peakInFlight the highest {@code inFlight} seen since the runtime was built
 * @param perWorker lifetime per-worker counters by worker index (a restart with fewer workers keeps
 *     the higher indices' totals)
 * @param backPressure lifetime back-pressure counters, and the behaviours muted now
 * @param pinned the main queue, the pump and the watchdog
 * @param noticeboard the noticeboard's size, version and counters
 * @param mailbox per-tag counters of the runtime's mailbox ({@link Boc#mailbox()}), in tag order
 * @param mailboxDepth messages queued now per tag of the runtime's mailbox
 */
public record BocStats(
    String runtime,
    boolean running,
    boolean closed,
    int workers,
    long backPressureLimit,
    long scheduled,
    long completed,
    long failed,
    long slowBodies,
    long inFlight,
    long peakInFlight,
    List<WorkerStats> perWorker,
    BackPressureStats backPressure,
    PinnedStats pinned,
    NoticeboardStats noticeboard,
    List<TagStats> mailbox,
    Map<String, Integer> mailboxDepth) {

  /**
   * Creates a snapshot; the lists and map are copied.
   *
   * @param runtime see the record component
   * @param running see the record component
   * @param closed see the record component
   * @param workers see the record component
   * @param backPressureLimit see the record component
   * @param scheduled see the record component
   * @param completed see the record component
   * @param failed see the record component
   * @param slowBodies see the record component
   * @param inFlight see the record component
   * @param peakInFlight see the record component
   * @param perWorker see the record component
   * @param backPressure see the record component
   * @param pinned see the record component
   * @param noticeboard see the record component
   * @param mailbox see the record component
   * @param mailboxDepth see the record component
   * @throws NullPointerException if a part is null (the message names it)
   */
  public BocStats {
    Objects.requireNonNull(runtime, "BocStats: runtime name is null");
    perWorker = List.copyOf(Objects.requireNonNull(perWorker, "BocStats: perWorker is null"));
    Objects.requireNonNull(backPressure, "BocStats: backPressure is null");
    Objects.requireNonNull(pinned, "BocStats: pinned is null");
    Objects.requireNonNull(noticeboard, "BocStats: noticeboard is null");
    mailbox = List.copyOf(Objects.requireNonNull(mailbox, "BocStats: mailbox is null"));
    mailboxDepth =
        Map.copyOf(Objects.requireNonNull(mailboxDepth, "BocStats: mailboxDepth is null"));
  }
}
