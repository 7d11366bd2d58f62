package dev.mmlake.engine.obs;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/**
 * What resources cost, from the {@code cost.*} settings (see docs/observability.md). Prices are
 * in {@link #currency()} per unit; storage is priced for one month of the bytes a run added.
 *
 * @param cpuSecond price of one CPU second ({@code cost.cpu-second})
 * @param gpuSecond price of one GPU second ({@code cost.gpu-second})
 * @param memoryGbSecond price of one GB of memory held for one second
 *     ({@code cost.memory-gb-second})
 * @param storageGbMonth price of storing one GB for a month ({@code cost.storage-gb-month})
 * @param egressGb price of one GB sent out ({@code cost.egress-gb})
 * @param currency e.g. {@code USD} ({@code cost.currency})
 */
public record PriceTable(double cpuSecond, double gpuSecond, double memoryGbSecond,
    double storageGbMonth, double egressGb, String currency) {
  /** On-demand cloud list prices, rounded: $0.048 per vCPU-hour, $3 per GPU-hour, etc. */
  public static final PriceTable DEFAULTS =
      new PriceTable(0.0000133, 0.000833, 0.0000015, 0.023, 0.09, "USD");

  private static final double GB = 1e9;

  /** The price table of a lakehouse: its {@code cost.*} settings over {@link #DEFAULTS}. */
  public static PriceTable of(LakehouseConfig config) {
    return new PriceTable(
        number(config, "cost.cpu-second", DEFAULTS.cpuSecond),
        number(config, "cost.gpu-second", DEFAULTS.gpuSecond),
        number(config, "cost.memory-gb-second", DEFAULTS.memoryGbSecond),
        number(config, "cost.storage-gb-month", DEFAULTS.storageGbMonth),
        number(config, "cost.egress-gb", DEFAULTS.egressGb),
        config.get("cost.currency", DEFAULTS.currency));
  }

  /** What {@code usage} costs under this table. */
  public double price(ResourceUsage usage) {
    return usage.cpuSeconds() * cpuSecond + usage.gpuSeconds() * gpuSecond
        + usage.memoryGbSeconds() * memoryGbSecond + usage.storageBytes() / GB * storageGbMonth
        + usage.egressBytes() / GB * egressGb;
  }

  private static double number(LakehouseConfig config, String key, double fallback) {
    String v = config.get(key, null);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.strip());
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException("negative or not finite");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "Setting %s=%s is not a price: give "
          + "a non-negative number (currency per unit, e.g. %s)", key, v, fallback);
    }
  }
}
