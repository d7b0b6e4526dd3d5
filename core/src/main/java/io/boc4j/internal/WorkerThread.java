package io.boc4j.internal;

import java.lang.System.Logger.Level;

/**
 * The thread of one worker. Identifies worker threads cheaply and carries the body scope.
 *
 * <p>Its uncaught-exception handler logs on {@code io.boc4j.runtime} instead of printing to standard
 * error. Libraries report errors they cannot deliver through the current thread's handler without
 * ending the thread (Reactor's {@code Schedulers.handleError} does so when a user's executor rejects
 * a task that a body's completion handed it): on a worker, that report belongs in the runtime's log.
 */
final class WorkerThread extends Thread {

  private static final System.Logger LOG = System.getLogger("io.boc4j.runtime");

  final Worker worker;
  final BodyScope scope = new BodyScope();

  WorkerThread(Worker worker, String name) {
    super(worker, name);
    this.worker = worker;
    setDaemon(true);
    setUncaughtExceptionHandler(WorkerThread::uncaught);
  }

  private static void uncaught(Thread t, Throwable e) {
    LOG.log(Level.ERROR, "an uncaught " + e.getClass().getName() + " was reported on worker thread "
        + t.getName() + " (a library handed it to the thread's handler, as Reactor does for a task"
        + " its scheduler rejected; the worker goes on unless it was leaving its loop)", e);
  }
}
