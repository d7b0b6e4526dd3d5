package io.boc4j.internal;

/** The thread of one worker. Identifies worker threads cheaply and carries the body scope. */
final class WorkerThread extends Thread {

  final Worker worker;
  final BodyScope scope = new BodyScope();

  WorkerThread(Worker worker, String name) {
    super(worker, name);
    this.worker = worker;
    setDaemon(true);
  }
}
