package io.boc4j;

/**
 * The noticeboard's figures inside a {@link BocStats} snapshot.
 *
 * @param size entries on the committed board now (gauge)
 * @param capacity the most distinct keys the board holds
 * @param version the commit counter (monotonic across restarts)
 * @param pendingMutations mutations posted and not yet committed now (gauge)
 * @param rejectedWrites writes of a new key refused at the caller because the board was visibly full
 *     (lifetime)
 * @param droppedMutations mutations dropped at commit time because the board filled meanwhile
 *     (lifetime)
 * @param failedUpdates update functions that threw or returned null (lifetime)
 */
public record NoticeboardStats(
    int size,
    int capacity,
    long version,
    long pendingMutations,
    long rejectedWrites,
    long droppedMutations,
    long failedUpdates) {}
