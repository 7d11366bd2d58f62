package dev.mmlake.evals;

import dev.mmlake.error.ErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recipe's condition on an eval metric of the version it builds, from a
 * {@code -- gate: <metric> <op> <bound>} header line. {@code <metric>} is a metric name, or
 * {@code <eval>/<metric>} when several evals return it; {@code <op>} is one of
 * {@code >= <= > <}; {@code <bound>} is a number, or {@code parent}, {@code parent - x},
 * {@code parent + x}: the same metric of the parent version.
 *
 * <pre>
 * -- gate: recall@10 >= parent - 0.01
 * -- gate: near_dup_rate <= 0.02
 * </pre>
 */
public record Gate(String text, String eval, String metric, String op, boolean relative,
    double offset) {
  private static final Pattern GATE = Pattern.compile(
      "([A-Za-z0-9_-]+/)?([A-Za-z0-9_@.:%-]+)\\s*(>=|<=|>|<)\\s*"
      + "(?:(parent)\\s*(?:([+-])\\s*([0-9.eE+-]+))?|([+-]?[0-9.eE+-]+))");

  /** Parses one gate line. */
  public static Gate parse(String text) {
    Matcher m = GATE.matcher(text.strip());
    if (!m.matches()) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Cannot read gate '%s'; write e.g. "
          + "'-- gate: recall@10 >= parent - 0.01' or '-- gate: near_dup_rate <= 0.02'",
          text.strip());
    }
    String eval = m.group(1) == null ? null : m.group(1).substring(0, m.group(1).length() - 1);
    try {
      if (m.group(4) != null) {
        double off = m.group(6) == null ? 0 : Double.parseDouble(m.group(6));
        return new Gate(text.strip(), eval, m.group(2), m.group(3), true,
            "-".equals(m.group(5)) ? -off : off);
      }
      return new Gate(text.strip(), eval, m.group(2), m.group(3), false,
          Double.parseDouble(m.group(7)));
    } catch (NumberFormatException e) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Gate '%s' has a bound that is not a "
          + "number", text.strip());
    }
  }

  /** The bound the metric is compared with; {@code parentValue} is ignored unless relative. */
  public double bound(double parentValue) {
    return relative ? parentValue + offset : offset;
  }

  /** Whether {@code value} passes against {@code bound}. */
  public boolean passes(double value, double bound) {
    return switch (op) {
      case ">=" -> value >= bound;
      case "<=" -> value <= bound;
      case ">" -> value > bound;
      case "<" -> value < bound;
      default -> throw new IllegalStateException("operator " + op);
    };
  }
}
