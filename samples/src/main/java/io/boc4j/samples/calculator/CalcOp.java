package io.boc4j.samples.calculator;

/** The four operations the calculator serves. */
enum CalcOp {
  ADD("+"),
  SUBTRACT("-"),
  MULTIPLY("*"),
  DIVIDE("/");

  private final String symbol;

  CalcOp(String symbol) {
    this.symbol = symbol;
  }

  /**
   * Applies the operation exactly.
   *
   * @throws ArithmeticException on division by zero or overflow
   */
  long apply(long a, long b) {
    return switch (this) {
      case ADD -> Math.addExact(a, b);
      case SUBTRACT -> Math.subtractExact(a, b);
      case MULTIPLY -> Math.multiplyExact(a, b);
      case DIVIDE -> {
        if (b == 0) {
          throw new ArithmeticException("division by zero");
        }
        yield a / b;
      }
    };
  }

  @Override
  public String toString() {
    return symbol;
  }
}
