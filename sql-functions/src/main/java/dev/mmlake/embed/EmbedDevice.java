package dev.mmlake.embed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.mmlake.error.ErrorCode;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Where models run. {@link #CPU} always works; {@link #GPU} needs ONNX Runtime's CUDA build on the
 * classpath and a visible CUDA device, and fails with a message naming what is missing otherwise.
 */
public enum EmbedDevice {
  CPU,
  GPU;

  /** Parses {@code cpu} or {@code gpu} (case-insensitive). */
  public static EmbedDevice parse(String value) {
    if (value == null || value.isBlank()) {
      return CPU;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "cpu":
        return CPU;
      case "gpu":
      case "cuda":
        return GPU;
      default:
        throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
            "Unknown %s '%s': use cpu or gpu", EmbedConfig.DEVICE, value);
    }
  }

  /** The DJL device for the ONNX Runtime engine, checking that a GPU can really be used. */
  public Device toDjl() {
    switch (this) {
      case CPU:
        return Device.cpu();
      case GPU:
        checkGpuUsable();
        return Device.gpu();
    }
    throw new IllegalStateException("unreachable: " + this);
  }

  private static void checkGpuUsable() {
    EnumSet<OrtProvider> providers;
    try {
      providers = OrtEnvironment.getAvailableProviders();
    } catch (RuntimeException | LinkageError e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "%s=gpu: ONNX Runtime could not be loaded (%s). "
          + "See docs/models.md, section GPU", EmbedConfig.DEVICE, e.getMessage());
    }
    if (!providers.contains(OrtProvider.CUDA)) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "%s=gpu, but the ONNX Runtime on the classpath is the CPU build "
          + "(providers %s). Replace com.microsoft.onnxruntime:onnxruntime with "
          + "com.microsoft.onnxruntime:onnxruntime_gpu:1.21.0 and put the CUDA 12 and cuDNN 9 "
          + "libraries on LD_LIBRARY_PATH (docs/models.md, section GPU), or use %s=cpu",
          EmbedConfig.DEVICE, providers, EmbedConfig.DEVICE);
    }
    int gpus = Engine.getEngine("OnnxRuntime").getGpuCount();
    if (gpus < 1) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "%s=gpu: ONNX Runtime has its CUDA provider, but no CUDA device "
          + "is visible (check nvidia-smi, CUDA_VISIBLE_DEVICES and that libcudart is on "
          + "LD_LIBRARY_PATH), or use %s=cpu", EmbedConfig.DEVICE, EmbedConfig.DEVICE);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
