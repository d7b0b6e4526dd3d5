package io.boc4j.samples.calculator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One question a client asks.
 *
 * @param op the operation
 * @param a left operand
 * @param b right operand
 */
record Question(CalcOp op, long a, long b) {

  /**
   * A client's questions: random operations on operands in {@code [-50, 50]} (so some divisions are
   * by zero), the same for the same seed.
   */
  static List<Question> script(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    CalcOp[] ops = CalcOp.values();
    List<Question> questions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CalcOp op = ops[random.nextInt(ops.length)];
      questions.add(new Question(op, random.nextLong(-50, 51), random.nextLong(-50, 51)));
    }
    return questions;
  }
}
