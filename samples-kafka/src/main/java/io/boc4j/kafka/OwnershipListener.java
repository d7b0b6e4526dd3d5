package io.boc4j.kafka;

/**
 * Told when an instance takes or gives up a partition, so a test can check that no partition is
 * ever owned by two instances at once, and the demo can show the assignment. Called on the
 * instance's loop thread: keep it short and never block.
 */
interface OwnershipListener {

  /** Listens to nothing. */
  OwnershipListener NONE = new OwnershipListener() {
    @Override
    public void acquired(String instance, int partition, int generation) {}

    @Override
    public void released(String instance, int partition, int generation, boolean clean) {}
  };

  /**
   * {@code instance} was assigned {@code partition}: called before it restores the first account.
   *
   * @param generation the consumer group generation of the assignment
   */
  void acquired(String instance, int partition, int generation);

  /**
   * {@code instance} no longer owns {@code partition}: called after every behaviour on the
   * partition's accounts has finished and the cowns were dropped.
   *
   * @param generation the generation it was acquired in
   * @param clean true after a revocation that committed the final state; false when the partition
   *     was lost, or the instance crashed, and the uncommitted work was thrown away
   */
  void released(String instance, int partition, int generation, boolean clean);
}
