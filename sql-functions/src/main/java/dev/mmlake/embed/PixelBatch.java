package dev.mmlake.embed;

/** Preprocessed images, row-major [count, 3, size, size] floats: one vision-model invocation. */
public record PixelBatch(float[] values, int count, int size) {
}
