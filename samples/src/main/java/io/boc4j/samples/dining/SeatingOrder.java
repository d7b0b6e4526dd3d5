package io.boc4j.samples.dining;

/** The order in which the philosophers' first meals are scheduled. */
enum SeatingOrder {

  /** Seats 0, 1, 2, ... as the ids come: each first meal overlaps the one scheduled before it. */
  NATURAL {
    @Override
    int[] seats(int philosophers) {
      int[] seats = new int[philosophers];
      for (int i = 0; i < philosophers; i++) {
        seats[i] = i;
      }
      return seats;
    }
  },

  /** Even seats first, then odd ones: the first wave of meals holds pairwise disjoint forks. */
  OPTIMAL {
    @Override
    int[] seats(int philosophers) {
      int[] seats = new int[philosophers];
      int k = 0;
      for (int i = 0; i < philosophers; i += 2) {
        seats[k++] = i;
      }
      for (int i = 1; i < philosophers; i += 2) {
        seats[k++] = i;
      }
      return seats;
    }
  };

  /** Every seat of a table of {@code philosophers}, once each, in scheduling order. */
  abstract int[] seats(int philosophers);

  /** The name users type, e.g. {@code natural}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
