/**
 * The boc4j API: {@link io.boc4j.Boc} (the runtime and its builder), {@link io.boc4j.Cown} and its
 * kinds ({@link io.boc4j.ResultCown}, {@link io.boc4j.PinnedCown}, groups via {@link
 * io.boc4j.Cown#group}), the scheduling forms of {@link io.boc4j.Scheduling}, the main thread
 * ({@link io.boc4j.MainThread}), the {@link io.boc4j.Noticeboard}, the {@link io.boc4j.Mailbox},
 * statistics ({@link io.boc4j.BocStats}) and the listener SPI ({@link io.boc4j.BocListener}).
 *
 * <p>Start with {@link io.boc4j.Boc}: {@code boc.when(a, b, (x, y) -> ...)} returns at once and runs
 * the body later, on a worker, holding {@code a} and {@code b} exclusively.
 */
package io.boc4j;
