package io.boc4j;

/**
 * Statistics of one worker, sampled without stopping it. Counters are cumulative for the runtime
 * generation the worker belongs to; each field is individually recent, the record is not an atomic
 * cut across fields.
 *
 * @param workerIndex the worker's index, 0..n−1
 * @param pushedLocal ready behaviours this worker's bodies pushed onto its own queue, and those a
 *     steal moved onto it (a steal takes up to half of a victim's queue: it runs the oldest and
 *     queues the rest here, where they count as pushed as well as stolen)
 * @param pushedRemote ready behaviours other threads pushed onto this worker's queue
 * @param poppedLocal behaviours this worker took from its own queue
 * @param poppedViaSteal behaviours this worker took from another worker's queue
 * @param stealAttempts times this worker tried to take from a non-empty-looking victim
 * @param stealFailures steal attempts that found nothing
 * @param parked times this worker parked for lack of work
 * @param behavioursRun bodies this worker ran (failed ones included)
 */
public record WorkerStats(
    int workerIndex,
    long pushedLocal,
    long pushedRemote,
    long poppedLocal,
    long poppedViaSteal,
    long stealAttempts,
    long stealFailures,
    long parked,
    long behavioursRun) {}
