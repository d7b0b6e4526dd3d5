package io.boc4j.spring.sample;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Random transfers between distinct accounts, reproducible from a seed the tests print. */
final class Transfers {

  private Transfers() {}

  static List<TransferRequest> random(long seed, int count, int accounts, long maxAmount) {
    Random random = new Random(seed);
    return IntStream.range(0, count).mapToObj(i -> {
      int from = random.nextInt(accounts);
      int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
      return new TransferRequest(from, to, 1 + random.nextInt((int) maxAmount));
    }).toList();
  }
}
