package io.boc4j.bench.readers;

/** One account of the readers' table on boc4j; guarded by its cown. */
final class Balance {
  long value = ReadersWorkload.OPENING;
}
